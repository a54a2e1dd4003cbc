public import NjordCore

/// What a strategy may know and do during one event: its position and cash, its open orders, the
/// instrument's filters, the current time (the runner's clock: simulated in backtests), and an
/// outbox of orders and cancels. The runner updates the fields before each call and drains
/// ``orders`` and ``cancels`` after it (cancels first: they were meant to clear the way).
public struct StrategyContext: Sendable {
    /// Base-asset position (long-only strategies keep it ≥ 0).
    public var position: Fixed
    /// Quote-asset cash available (in the strategy host: the net quote flow of its fills).
    public var cash: Fixed
    public var filters: InstrumentFilters
    public var time: Timestamp
    /// The strategy's working orders, oldest first. The backtester lists its resting limit orders
    /// here; market orders of its next-open model fill at the next open and are never listed.
    public var openOrders: [StrategyOpenOrder]
    /// Orders submitted during the current call, in submission order.
    public var orders: [StrategyOrder]
    /// Cancels requested during the current call, in request order.
    public var cancels: [StrategyCancelRequest]

    public init(position: Fixed, cash: Fixed, filters: InstrumentFilters, time: Timestamp) {
        self.position = position
        self.cash = cash
        self.filters = filters
        self.time = time
        self.openOrders = []
        self.orders = []
        self.cancels = []
        orders.reserveCapacity(4)
    }

    /// Queues an order; the runner routes it after the call returns.
    @inlinable
    public mutating func submit(_ order: StrategyOrder) { orders.append(order) }

    /// Queues a cancel of one of ``openOrders``; the runner routes it after the call returns.
    public mutating func cancel(clientOrderId: String, reason: String) {
        cancels.append(StrategyCancelRequest(clientOrderId: clientOrderId, reason: reason))
    }
}
