public import NjordCore

/// What a strategy may know and do during one event: its position and cash, the instrument's
/// filters, the current time (the runner's clock: simulated in backtests), and an outbox of orders.
/// The runner updates the fields before each call and drains ``orders`` after it.
public struct StrategyContext: Sendable {
    /// Base-asset position (long-only strategies keep it ≥ 0).
    public var position: Fixed
    /// Quote-asset cash available.
    public var cash: Fixed
    public var filters: InstrumentFilters
    public var time: Timestamp
    /// Orders submitted during the current call, in submission order.
    public var orders: [StrategyOrder]

    public init(position: Fixed, cash: Fixed, filters: InstrumentFilters, time: Timestamp) {
        self.position = position
        self.cash = cash
        self.filters = filters
        self.time = time
        self.orders = []
        orders.reserveCapacity(4)
    }

    /// Queues an order; the runner routes it after the call returns.
    @inlinable
    public mutating func submit(_ order: StrategyOrder) { orders.append(order) }
}
