public import NjordCore

/// Long-only Donchian channel breakout. With H and L the highest high and lowest low of the
/// previous `period` bars (the current bar excluded): while flat, a close above H buys `quantity`
/// at market; while long, a close below L sells the whole position at market. No signal acts
/// while one of the strategy's orders is still open. Exact comparisons on fixed-point values;
/// O(period) per bar (a scan of the window).
public struct Donchian: Strategy, Equatable {
    public static let name = "donchian"
    public static let parameterNames: Set<String> = ["period", "quantity"]

    public let period: Int
    public let quantity: Fixed
    /// Highs and lows of the last `period` bars; slot `head` is the oldest once full.
    var highs: [Fixed]
    var lows: [Fixed]
    var head = 0
    var count = 0

    public init(period: Int, quantity: Fixed) throws(StrategyError) {
        guard period >= 2 else { throw .invalidParameter(name: "period", value: "\(period)", expected: "period ≥ 2") }
        guard quantity.isPositive else {
            throw .invalidParameter(name: "quantity", value: "\(quantity)", expected: "quantity > 0")
        }
        self.period = period
        self.quantity = quantity
        self.highs = Array(repeating: .zero, count: period)
        self.lows = Array(repeating: .zero, count: period)
    }

    /// From `period=…,quantity=…`, both required; unknown names are rejected.
    public init(parameters: StrategyParameters) throws(StrategyError) {
        try parameters.rejectUnknown(known: Donchian.parameterNames)
        try self.init(
            period: try parameters.int("period", atLeast: 2), quantity: try parameters.positiveDecimal("quantity"))
    }

    /// The channel over the previous `period` bars; nil until that many bars are in.
    public var channel: (lowest: Fixed, highest: Fixed)? {
        guard count == period else { return nil }
        return (lows.min() ?? .zero, highs.max() ?? .zero)
    }

    public mutating func onBar(_ bar: StrategyBar, context: inout StrategyContext) {
        if let channel, context.openOrders.isEmpty {
            if context.position.isZero, bar.close > channel.highest {
                let quantity = context.filters.roundQuantityDown(quantity)
                if quantity.isPositive {
                    context.submit(StrategyOrder(side: .buy, size: .quantity(quantity), reason: "donchian breakout up"))
                }
            } else if context.position.isPositive, bar.close < channel.lowest {
                context.submit(
                    StrategyOrder(side: .sell, size: .quantity(context.position), reason: "donchian breakout down"))
            }
        }
        highs[head] = bar.high
        lows[head] = bar.low
        head += 1
        if head == period { head = 0 }
        if count < period { count += 1 }
    }
}
