public import NjordCore

/// How an order is sized: a base quantity, or a quote amount to spend that the venue (or the fill
/// simulator) turns into a quantity at fill time — Binance's `quoteOrderQty`.
public enum OrderSize: Hashable, Sendable {
    case quantity(Fixed)
    case quoteAmount(Fixed)
}

/// A market order a strategy submits; it becomes an ``NjordCore/OrderIntent`` once the daemon
/// names it (strategy id, client order id, symbol).
public struct StrategyOrder: Hashable, Sendable {
    public var side: Side
    public var size: OrderSize
    /// Why, for the audit trail (a static phrase: no allocation on the hot path).
    public var reason: String

    @inlinable
    public init(side: Side, size: OrderSize, reason: String) {
        self.side = side
        self.size = size
        self.reason = reason
    }

    /// The contract intent (`order.intent`) for this order: a market order, good till canceled.
    public func intent(strategyId: String, clientOrderId: String, symbol: String) throws(ContractError) -> OrderIntent {
        var quantity: Fixed?
        var quoteAmount: Fixed?
        switch size {
        case .quantity(let q): quantity = q
        case .quoteAmount(let a): quoteAmount = a
        }
        return try OrderIntent(
            strategyId: strategyId, clientOrderId: clientOrderId, symbol: symbol, side: side, orderType: .market,
            quantity: quantity, quoteAmount: quoteAmount, limitPrice: nil, timeInForce: .gtc, reason: reason)
    }
}
