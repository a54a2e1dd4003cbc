public import NjordCore

/// How an order is sized: a base quantity, or a quote amount to spend that the venue (or the fill
/// simulator) turns into a quantity at fill time — Binance's `quoteOrderQty`.
public enum OrderSize: Hashable, Sendable {
    case quantity(Fixed)
    case quoteAmount(Fixed)
}

/// How an order is priced: at the market, or resting at a limit price.
public enum StrategyOrderType: Hashable, Sendable {
    case market
    /// A limit order at `price` (already on the instrument's tick grid).
    case limit(price: Fixed)
}

/// An order a strategy submits; it becomes an ``NjordCore/OrderIntent`` once the host names it
/// (strategy id, client order id, symbol).
public struct StrategyOrder: Hashable, Sendable {
    public var side: Side
    public var size: OrderSize
    public var type: StrategyOrderType
    public var timeInForce: TimeInForce
    /// Why, for the audit trail (a static phrase: no allocation on the hot path).
    public var reason: String

    /// A market order, good till canceled (the venue cancels what it cannot fill).
    @inlinable
    public init(side: Side, size: OrderSize, reason: String) {
        self.init(side: side, size: size, type: .market, timeInForce: .gtc, reason: reason)
    }

    @inlinable
    public init(side: Side, size: OrderSize, type: StrategyOrderType, timeInForce: TimeInForce, reason: String) {
        self.side = side
        self.size = size
        self.type = type
        self.timeInForce = timeInForce
        self.reason = reason
    }

    /// A limit order for a base quantity at `price`.
    @inlinable
    public static func limit(
        _ side: Side, quantity: Fixed, price: Fixed, timeInForce: TimeInForce = .gtc, reason: String
    ) -> StrategyOrder {
        StrategyOrder(
            side: side, size: .quantity(quantity), type: .limit(price: price), timeInForce: timeInForce, reason: reason)
    }

    /// The limit price; nil for a market order.
    public var limitPrice: Fixed? {
        if case .limit(let price) = type { return price }
        return nil
    }

    /// The contract intent (`order.intent`) for this order.
    public func intent(strategyId: String, clientOrderId: String, symbol: String) throws(ContractError) -> OrderIntent {
        var quantity: Fixed?
        var quoteAmount: Fixed?
        switch size {
        case .quantity(let q): quantity = q
        case .quoteAmount(let a): quoteAmount = a
        }
        return try OrderIntent(
            strategyId: strategyId, clientOrderId: clientOrderId, symbol: symbol, side: side,
            orderType: limitPrice == nil ? .market : .limit, quantity: quantity, quoteAmount: quoteAmount,
            limitPrice: limitPrice, timeInForce: timeInForce, reason: reason)
    }
}
