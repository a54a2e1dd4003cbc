import Foundation
import NjordCore
import NjordExecution

/// Shorthands for the execution tests: decimals from text, orders, books and what actions hold.
enum T {
    static func fx(_ text: String) -> Fixed {
        guard let value = try? Fixed(text) else { preconditionFailure("test typo: \(text)") }
        return value
    }

    static func dec(_ value: Fixed) -> Decimal { Decimal(string: value.description)! }

    static func at(_ ms: Int64) -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000 + ms * 1_000_000)
    }

    static func levels(_ pairs: [(String, String)]) -> [PriceLevel] {
        pairs.map { PriceLevel(price: fx($0.0), qty: fx($0.1)) }
    }

    static func order(
        _ id: String, _ side: Side, _ type: OrderType, qty: String? = nil, quote: String? = nil, limit: String? = nil,
        tif: TimeInForce = .gtc, symbol: String = "BTCUSDT"
    ) throws -> OrderIntent {
        try OrderIntent(
            strategyId: "s1", clientOrderId: id, symbol: symbol, side: side, orderType: type, quantity: qty.map(fx),
            quoteAmount: quote.map(fx), limitPrice: limit.map(fx), timeInForce: tif, reason: "test")
    }

    static func fills(_ actions: [ExecutionAction]) -> [Fill] {
        actions.compactMap { if case .fill(let fill, _) = $0 { fill } else { nil } }
    }

    static func statuses(_ actions: [ExecutionAction]) -> [OrderStatus] {
        actions.compactMap { if case .orderEvent(let event, _) = $0 { event.status } else { nil } }
    }

    static func events(_ actions: [ExecutionAction]) -> [OrderEvent] {
        actions.compactMap { if case .orderEvent(let event, _) = $0 { event } else { nil } }
    }

    /// `value` rounded to 8 fractional digits by `mode`, with Foundation's decimal arithmetic.
    static func round8(_ value: Decimal, _ mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, 8, mode)
        return output
    }

    static func engine(
        fees: FeeSchedule = .zero, options: FillModelOptions = .standard,
        filters: InstrumentFilters = InstrumentFilters(tickSize: fx("0.01"), stepSize: fx("0.00001"))
    ) -> PaperMatchingEngine {
        PaperMatchingEngine(symbol: "BTCUSDT", quoteAsset: "USDT", filters: filters, fees: fees, options: options)
    }
}
