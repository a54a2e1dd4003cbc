public import NjordCore

/// Long-only Bollinger-band mean reversion with limit orders. Bands over the last `period`
/// closes: middle = their mean, lower = middle − `numStd` · σ (population σ).
///
/// After each bar (once `period` closes are in), the strategy decides the one order it wants
/// resting: flat → a buy limit of `quantity` at the lower band (tick-rounded down); long → a sell
/// limit of the whole position at the middle band (tick-rounded up). The limit rests below (or
/// above) the market and fills only when the price comes to it — it is never placed marketable
/// on purpose. A resting order at the wanted side and price is left alone; when the rounded band
/// moves (so by at least one tick), or the wanted side changes, every other open order is
/// canceled and the wanted one placed: cancel + new, never an amend. Orders whose cancel is under
/// way are left alone.
///
/// The mean is exact (a running Int128 sum divided as `Fixed`, rounded half-even). σ is computed
/// in `Double` from the deviations to that exact mean — a statistic, never money — which costs
/// O(period) per bar but cannot lose digits to cancellation the way a running Σx² in floating
/// point does; only the band width goes through `Double`.
public struct Bollinger: Strategy, Equatable {
    public static let name = "bollinger"
    public static let parameterNames: Set<String> = ["period", "num_std", "quantity"]
    /// The largest `num_std` accepted (the config's rule).
    public static let maximumNumStd = Fixed(10)

    public let period: Int
    public let numStd: Fixed
    public let quantity: Fixed
    /// Raw closes of the last `period` bars, oldest at `head` once full.
    var ring: [Int128]
    var head = 0
    var count = 0
    var sum: Int128 = 0

    public init(period: Int, numStd: Fixed, quantity: Fixed) throws(StrategyError) {
        guard period >= 2 else { throw .invalidParameter(name: "period", value: "\(period)", expected: "period ≥ 2") }
        guard numStd.isPositive, numStd <= Bollinger.maximumNumStd else {
            throw .invalidParameter(name: "num_std", value: "\(numStd)", expected: "0 < num_std ≤ 10")
        }
        guard quantity.isPositive else {
            throw .invalidParameter(name: "quantity", value: "\(quantity)", expected: "quantity > 0")
        }
        self.period = period
        self.numStd = numStd
        self.quantity = quantity
        self.ring = Array(repeating: 0, count: period)
    }

    /// From `period=…,num_std=…,quantity=…`, all required; unknown names are rejected.
    public init(parameters: StrategyParameters) throws(StrategyError) {
        try parameters.rejectUnknown(known: Bollinger.parameterNames)
        try self.init(
            period: try parameters.int("period", atLeast: 2),
            numStd: try parameters.positiveDecimal("num_std", atMost: Bollinger.maximumNumStd),
            quantity: try parameters.positiveDecimal("quantity"))
    }

    /// The bands over the closes seen so far; nil until `period` closes are in.
    public var bands: (lower: Fixed, middle: Fixed, upper: Fixed)? {
        guard count == period else { return nil }
        let mean = Fixed.roundedQuotient(sum, period)
        var squares = 0.0
        for close in ring {
            let deviation = Double(close - mean)
            squares += deviation * deviation
        }
        let sigma = (squares / Double(period)).squareRoot()
        let width = Int128((numStd.doubleValue * sigma).rounded())
        return (Fixed(raw: mean - width), Fixed(raw: mean), Fixed(raw: mean + width))
    }

    public mutating func onBar(_ bar: StrategyBar, context: inout StrategyContext) {
        let close = bar.close.raw
        if count == period { sum -= ring[head] } else { count += 1 }
        ring[head] = close
        sum += close
        head += 1
        if head == period { head = 0 }
        guard let bands else { return }

        let wanted = wantedOrder(lower: bands.lower, middle: bands.middle, context: context)
        var resting = false
        for order in context.openOrders where !order.cancelRequested {
            if let wanted, !resting, order.side == wanted.side, order.type == wanted.type {
                resting = true
            } else {
                context.cancel(clientOrderId: order.clientOrderId, reason: "bollinger stale order")
            }
        }
        if let wanted, !resting { context.submit(wanted) }
    }

    private func wantedOrder(lower: Fixed, middle: Fixed, context: StrategyContext) -> StrategyOrder? {
        let filters = context.filters
        if context.position.isZero {
            let price = filters.roundPrice(lower, .down)
            let quantity = filters.roundQuantityDown(quantity)
            guard price.isPositive, quantity.isPositive else { return nil }
            return .limit(.buy, quantity: quantity, price: price, reason: "bollinger buy at the lower band")
        }
        if context.position.isPositive {
            let price = filters.roundPrice(middle, .up)
            let quantity = filters.roundQuantityDown(context.position)
            guard price.isPositive, quantity.isPositive else { return nil }
            return .limit(.sell, quantity: quantity, price: price, reason: "bollinger sell at the middle band")
        }
        return nil
    }
}

extension Fixed {
    /// `raw / n` rounded half-even, as a raw value: the exact mean of `n` values summing to `raw`.
    static func roundedQuotient(_ raw: Int128, _ n: Int) -> Int128 {
        let quotient = raw / Int128(n)
        let remainder = raw % Int128(n)
        let twice = 2 * remainder.magnitude
        let divisor = UInt128(n)
        guard twice > divisor || (twice == divisor && quotient % 2 != 0) else { return quotient }
        return raw < 0 ? quotient - 1 : quotient + 1
    }
}
