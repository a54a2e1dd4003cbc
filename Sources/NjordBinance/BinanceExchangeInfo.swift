import Foundation
public import NjordCore

/// Reads `GET /api/v3/exchangeInfo` into each symbol's ``InstrumentFilters``: `PRICE_FILTER`
/// (tick), `LOT_SIZE` (step) and `MIN_NOTIONAL` or `NOTIONAL`; other filters are ignored. Decimals
/// are exact; a filter with a value that is not a decimal is an error naming the symbol and field.
public enum BinanceExchangeInfo {
    public static func parse(_ json: String) throws(BinanceExchangeInfoError) -> [String: InstrumentFilters] {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(json.utf8))
        } catch {
            throw .malformed("not JSON: \(error.localizedDescription)")
        }
        guard let object = root as? [String: Any], let symbols = object["symbols"] as? [[String: Any]] else {
            throw .malformed("no symbols array")
        }
        var result: [String: InstrumentFilters] = [:]
        for entry in symbols {
            guard let symbol = entry["symbol"] as? String else { throw .malformed("a symbol without a name") }
            var filters = InstrumentFilters()
            for filter in entry["filters"] as? [[String: Any]] ?? [] {
                let read = { (field: String) throws(BinanceExchangeInfoError) -> Fixed in
                    try decimal(filter[field], symbol: symbol, field: field)
                }
                switch filter["filterType"] as? String {
                case "PRICE_FILTER":
                    filters.minPrice = try read("minPrice")
                    filters.maxPrice = try read("maxPrice")
                    filters.tickSize = try read("tickSize")
                case "LOT_SIZE":
                    filters.minQuantity = try read("minQty")
                    filters.maxQuantity = try read("maxQty")
                    filters.stepSize = try read("stepSize")
                case "MIN_NOTIONAL":
                    filters.minNotional = try read("minNotional")
                    filters.minNotionalAppliesToMarket = filter["applyToMarket"] as? Bool ?? true
                case "NOTIONAL":
                    filters.minNotional = try read("minNotional")
                    if filter["maxNotional"] != nil { filters.maxNotional = try read("maxNotional") }
                    filters.minNotionalAppliesToMarket = filter["applyMinToMarket"] as? Bool ?? true
                default:
                    continue
                }
            }
            result[symbol] = filters
        }
        return result
    }

    private static func decimal(_ value: Any?, symbol: String, field: String) throws(BinanceExchangeInfoError) -> Fixed
    {
        guard let text = value as? String else { throw .badField(symbol: symbol, field: field) }
        do {
            return try Fixed(text)
        } catch {
            throw .badField(symbol: symbol, field: field)
        }
    }
}

/// Why an `exchangeInfo` answer could not be read.
public enum BinanceExchangeInfoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The answer is not the expected JSON shape; the reason says where.
    case malformed(String)
    /// A filter field is missing or not an exact decimal string.
    case badField(symbol: String, field: String)

    public var description: String {
        switch self {
        case .malformed(let reason): "exchangeInfo: \(reason)"
        case .badField(let symbol, let field): "exchangeInfo: \(symbol) filter field \(field) is not a decimal string"
        }
    }
}
