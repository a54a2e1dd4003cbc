/// A strategy's request to cancel one of its open orders, queued in the context's outbox; the
/// host turns it into a ``StrategyCancel`` naming the strategy and symbol.
public struct StrategyCancelRequest: Hashable, Sendable {
    public var clientOrderId: String
    /// Why, for the audit trail.
    public var reason: String

    public init(clientOrderId: String, reason: String) {
        self.clientOrderId = clientOrderId
        self.reason = reason
    }
}
