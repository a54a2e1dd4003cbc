/// Counters of one simulated symbol since the start, for rate checks and summaries.
public struct SimSymbolStatistics: Sendable, Hashable {
    /// Taker orders that arrived (each gives one trade per level it takes).
    public var tradeArrivals = 0
    /// `md.trade` events.
    public var trades = 0
    /// `md.delta` events.
    public var deltas = 0
    /// `md.book` events.
    public var snapshots = 0
    /// `md.tob` events.
    public var topOfBooks = 0
    /// Times the regime changed.
    public var regimeSwitches = 0
    /// Simulated nanoseconds spent in each regime (index as in the config), up to the last book step.
    public var nanosecondsInRegime: [Int64]

    public init(regimeCount: Int) {
        nanosecondsInRegime = Array(repeating: 0, count: regimeCount)
    }
}
