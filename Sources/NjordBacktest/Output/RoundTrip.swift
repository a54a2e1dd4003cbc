public import NjordCore

/// One closed trade of the long-only account: from the fill that opens a position out of flat to
/// the fill that brings it back to flat. Money is exact; fees are inside cost and proceeds.
public struct RoundTrip: Hashable, Sendable {
    public var entryTime: Timestamp
    public var exitTime: Timestamp
    /// Quantity bought over the trade (all of it is sold by the exit).
    public var quantity: Fixed
    /// Σ buy notional + fee.
    public var cost: Fixed
    /// Σ sell notional − fee.
    public var proceeds: Fixed

    public var profit: Fixed { proceeds - cost }
    /// profit / cost.
    public var returnFraction: Double { cost.isPositive ? profit.doubleValue / cost.doubleValue : 0 }

    public init(entryTime: Timestamp, exitTime: Timestamp, quantity: Fixed, cost: Fixed, proceeds: Fixed) {
        self.entryTime = entryTime
        self.exitTime = exitTime
        self.quantity = quantity
        self.cost = cost
        self.proceeds = proceeds
    }

    /// The closed trades of a run's fills, in order; a trade still open at the end is not one.
    public static func closed(in fills: [BacktestFill]) -> [RoundTrip] {
        TradeTally(fills: fills).trips
    }
}
