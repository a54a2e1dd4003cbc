/// The CSV layouts the importer reads, told apart by header or column shape.
public enum StoreCSVLayout: String, Hashable, Sendable {
    /// Binance trades (data.binance.vision): `id,price,qty,quote_qty,time,is_buyer_maker[,is_best_match…]`,
    /// with or without that header; times in ms (µs and ns told by magnitude).
    case binanceTrades = "binance-trades"
    /// Binance klines: 12 columns, no header, open and close times in ms (µs told by magnitude).
    case binanceKlines = "binance-klines"
    /// `timestamp,open,high,low,close,volume` with `YYYY-mm-dd HH:MM:SS[.ffffff]` UTC timestamps.
    case timestampBars = "timestamp-bars"

    public static let tradesHeader = ["id", "price", "qty", "quote_qty", "time", "is_buyer_maker"]
    public static let barsHeader = ["timestamp", "open", "high", "low", "close", "volume"]
    static let klinesColumns = [
        "open_time", "open", "high", "low", "close", "volume", "close_time", "quote_volume", "trades",
        "taker_buy_base", "taker_buy_quote", "ignore",
    ]

    /// The layout of a file from its first line's fields, and whether that line is a header.
    static func detect(_ fields: [String]) -> (layout: StoreCSVLayout, header: Bool)? {
        let lower = fields.map { $0.lowercased() }
        if lower.starts(with: tradesHeader) { return (.binanceTrades, true) }
        if lower.starts(with: barsHeader) { return (.timestampBars, true) }
        let isInteger = { (s: String) in !s.isEmpty && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        if fields.count == 12, isInteger(fields[0]), isInteger(fields[6]) { return (.binanceKlines, false) }
        if fields.count >= 6, isInteger(fields[0]), ["true", "false"].contains(lower[5]) {
            return (.binanceTrades, false)
        }
        return nil
    }

    func columnName(_ i: Int) -> String {
        let names =
            switch self {
            case .binanceTrades: Self.tradesHeader + ["is_best_match", "event_time", "local_recv_ns"]
            case .binanceKlines: Self.klinesColumns
            case .timestampBars: Self.barsHeader
            }
        return i < names.count ? names[i] : "column \(i + 1)"
    }
}
