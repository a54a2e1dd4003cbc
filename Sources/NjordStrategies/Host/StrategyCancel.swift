/// A cancel of one working order, as the host emits it; the daemon maps it to the
/// `order.cancel` contract.
public struct StrategyCancel: Hashable, Sendable {
    public var strategyId: String
    public var clientOrderId: String
    public var symbol: String
    /// Why, for the audit trail.
    public var reason: String

    public init(strategyId: String, clientOrderId: String, symbol: String, reason: String) {
        self.strategyId = strategyId
        self.clientOrderId = clientOrderId
        self.symbol = symbol
        self.reason = reason
    }
}
