public import NjordCore

/// Long-only moving-average crossover on the close (the rule of the backtest peers' table):
/// d_t = SMA(fast)_t − SMA(slow)_t, evaluated from bar index `slow` on (both SMAs defined at t−1
/// and t). Cross up (d_t > 0, d_{t−1} ≤ 0) while flat buys all-in by quote amount; cross down
/// (d_t < 0, d_{t−1} ≥ 0) while long sells the whole position. With a `quantity` (the config's
/// mode) the buy is that base quantity at market instead; either way no signal acts while one of
/// the strategy's orders is still open.
///
/// The sign of d is decided exactly: `slow·Σfast − fast·Σslow` on raw fixed-point values in
/// Int128, with no division, so an exact tie of the two averages stays a tie. O(1) per bar: the
/// last `slow` closes sit in a ring and both sums are running sums.
public struct SmaCross: Strategy, Equatable {
    public static let name = "sma_cross"
    public static let parameterNames: Set<String> = ["fast", "slow", "quantity"]

    public let fast: Int
    public let slow: Int
    /// Base quantity per buy; nil buys with all cash by quote amount (the backtest's mode).
    public let quantity: Fixed?
    /// Raw closes of the last `slow` bars; the close of bar j sits at slot j % slow.
    @usableFromInline var ring: [Int128]
    /// The slot of the current bar (= the slot of the close that leaves the slow window).
    @usableFromInline var head = 0
    /// Bars seen so far: the index of the next bar.
    @usableFromInline var index = 0
    @usableFromInline var sumFast: Int128 = 0
    @usableFromInline var sumSlow: Int128 = 0
    /// Sign (−1, 0, 1) of d at the previous bar.
    @usableFromInline var previousSign = 0

    public init(fast: Int, slow: Int, quantity: Fixed? = nil) throws(StrategyError) {
        guard fast > 0 else { throw .invalidParameter(name: "fast", value: "\(fast)", expected: "fast > 0") }
        guard slow > fast else {
            throw .invalidParameter(name: "slow", value: "\(slow)", expected: "slow > fast (\(fast))")
        }
        self.fast = fast
        self.slow = slow
        self.quantity = quantity
        self.ring = Array(repeating: 0, count: slow)
    }

    /// From `fast=…,slow=…[,quantity=…]` (defaults 10 and 50, no quantity: all-cash buys);
    /// unknown names are rejected.
    public init(parameters: StrategyParameters) throws(StrategyError) {
        try parameters.rejectUnknown(known: SmaCross.parameterNames)
        let quantity: Fixed? =
            parameters.values["quantity"] == nil ? nil : try parameters.positiveDecimal("quantity")
        try self.init(
            fast: try parameters.positiveInt("fast", default: 10),
            slow: try parameters.positiveInt("slow", default: 50),
            quantity: quantity)
    }

    @inlinable
    public mutating func onBar(_ bar: StrategyBar, context: inout StrategyContext) {
        let close = bar.close.raw
        let t = index
        index += 1
        // Update the windows before overwriting the slot of bar t − slow.
        sumSlow += close
        sumFast += close
        if t >= slow { sumSlow -= ring[head] }
        if t >= fast {
            var leaving = head - fast
            if leaving < 0 { leaving += slow }
            sumFast -= ring[leaving]
        }
        ring[head] = close
        head += 1
        if head == slow { head = 0 }
        guard t >= slow - 1 else { return }

        // sign(Σfast/fast − Σslow/slow) = sign(slow·Σfast − fast·Σslow): exact, no division.
        let lhs = Int128(slow) * sumFast
        let rhs = Int128(fast) * sumSlow
        let sign = lhs > rhs ? 1 : (lhs < rhs ? -1 : 0)
        let previous = previousSign
        previousSign = sign
        guard t >= slow else { return }

        if sign > 0, previous <= 0, context.position.isZero, context.openOrders.isEmpty {
            if let quantity {
                context.submit(StrategyOrder(side: .buy, size: .quantity(quantity), reason: "sma cross up"))
            } else if context.cash.isPositive {
                context.submit(StrategyOrder(side: .buy, size: .quoteAmount(context.cash), reason: "sma cross up"))
            }
        } else if sign < 0, previous >= 0, context.position.isPositive, context.openOrders.isEmpty {
            context.submit(StrategyOrder(side: .sell, size: .quantity(context.position), reason: "sma cross down"))
        }
    }
}
