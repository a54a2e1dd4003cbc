public import NjordCore

/// One order a strategy submitted, as the run ended it: the intent the risk engine decided, its
/// decision, and the order's final status (`orders.ndjson`, docs/CONTRACTS.md).
public struct BacktestOrder: Hashable, Sendable {
    /// Where an order ended.
    public enum Status: String, Hashable, Sendable {
        /// Sent and still open (resting or waiting for the next open) when the data ended.
        case submitted
        /// Denied by the risk engine; never sent.
        case denied
        /// Refused by the fill model or the venue (nothing affordable, nothing to sell, filters).
        case rejected
        case filled
        /// Part filled and still open when the data ended.
        case partiallyFilled = "partially_filled"
        /// Canceled by the strategy (what filled before stays in `filledQuantity`).
        case canceled
        /// The unfilled rest of a market, IOC or FOK order.
        case expired
    }

    /// Index of the bar on which it was submitted.
    public var barIndex: Int
    /// When it was submitted (and decided).
    public var time: Timestamp
    public var intent: OrderIntent
    public var decision: RiskDecision
    public var status: Status
    public var filledQuantity: Fixed
    /// When it reached its final status; nil while still open at the end.
    public var closedTime: Timestamp?
    /// Why it was denied, rejected, canceled or expired, when known.
    public var reason: String?

    public var clientOrderId: String { intent.clientOrderId }

    public init(
        barIndex: Int, time: Timestamp, intent: OrderIntent, decision: RiskDecision, status: Status,
        filledQuantity: Fixed = .zero, closedTime: Timestamp? = nil, reason: String? = nil
    ) {
        self.barIndex = barIndex
        self.time = time
        self.intent = intent
        self.decision = decision
        self.status = status
        self.filledQuantity = filledQuantity
        self.closedTime = closedTime
        self.reason = reason
    }
}
