/// A strategy's wish to trade (`order.intent`), before risk checks.
///
/// Sized either in base quantity or, for market orders sized at fill time, in quote amount
/// (Binance's `quoteOrderQty`): exactly one of the two is set. A limit order has a limit price.
/// The initializer and the decoder both enforce this.
public struct OrderIntent: Hashable, Sendable {
    public var strategyId: String
    public var clientOrderId: String
    public var symbol: String
    public var side: Side
    public var orderType: OrderType
    /// Base-asset quantity; nil when sized by ``quoteAmount``.
    public private(set) var quantity: Fixed?
    /// Quote-asset amount to spend or receive; nil when sized by ``quantity``.
    public private(set) var quoteAmount: Fixed?
    /// Required for limit orders.
    public private(set) var limitPrice: Fixed?
    public var timeInForce: TimeInForce
    /// Why the strategy wants this order, for the audit trail.
    public var reason: String

    public init(
        strategyId: String, clientOrderId: String, symbol: String, side: Side, orderType: OrderType,
        quantity: Fixed?, quoteAmount: Fixed?, limitPrice: Fixed?, timeInForce: TimeInForce, reason: String
    ) throws(ContractError) {
        guard (quantity == nil) != (quoteAmount == nil) else {
            throw .ruleViolated(
                path: "data.quote_amount", reason: "exactly one of quantity and quote_amount must be set")
        }
        guard orderType != .limit || limitPrice != nil else {
            throw .ruleViolated(path: "data.limit_price", reason: "a limit order needs a limit price")
        }
        self.strategyId = strategyId
        self.clientOrderId = clientOrderId
        self.symbol = symbol
        self.side = side
        self.orderType = orderType
        self.quantity = quantity
        self.quoteAmount = quoteAmount
        self.limitPrice = limitPrice
        self.timeInForce = timeInForce
        self.reason = reason
    }
}

extension OrderIntent: WirePayload {
    static let eventType = EventType.orderIntent
    static let fields = NameTable([
        "strategy_id", "client_order_id", "symbol", "side", "order_type", "quantity", "quote_amount",
        "limit_price", "time_in_force", "reason",
    ])

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"strategy_id\":")
        w.string(strategyId)
        w.raw(",\"client_order_id\":")
        w.string(clientOrderId)
        w.raw(",\"symbol\":")
        w.string(symbol)
        w.raw(",\"side\":")
        w.enumValue(side)
        w.raw(",\"order_type\":")
        w.enumValue(orderType)
        w.raw(",\"quantity\":")
        w.decimal(quantity)
        w.raw(",\"quote_amount\":")
        w.decimal(quoteAmount)
        w.raw(",\"limit_price\":")
        w.decimal(limitPrice)
        w.raw(",\"time_in_force\":")
        w.enumValue(timeInForce)
        w.raw(",\"reason\":")
        w.string(reason)
        w.byte(UInt8(ascii: "}"))
    }

    static func decode(from r: inout JSONReader) throws(ContractError) -> OrderIntent {
        try r.beginObject(at: "data")
        var c = FieldCursor(fields)
        var strategyId = "", clientOrderId = "", symbol = "", reason = ""
        var side = Side.buy, orderType = OrderType.market, timeInForce = TimeInForce.gtc
        var quantity: Fixed?, quoteAmount: Fixed?, limitPrice: Fixed?
        while let field = try c.next(in: &r, parent: "data") {
            switch field {
            case 0: strategyId = try r.readString(at: "data.strategy_id")
            case 1: clientOrderId = try r.readString(at: "data.client_order_id")
            case 2: symbol = try r.readString(at: "data.symbol")
            case 3: side = try r.readEnum(Side.self, at: "data.side")
            case 4: orderType = try r.readEnum(OrderType.self, at: "data.order_type")
            case 5: quantity = try r.readDecimalOrNull(at: "data.quantity")
            case 6: quoteAmount = try r.readDecimalOrNull(at: "data.quote_amount")
            case 7: limitPrice = try r.readDecimalOrNull(at: "data.limit_price")
            case 8: timeInForce = try r.readEnum(TimeInForce.self, at: "data.time_in_force")
            case 9: reason = try r.readString(at: "data.reason")
            default: try r.skipValue(depth: 2, at: "data")
            }
        }
        try c.requireAll(parent: "data")
        return try OrderIntent(
            strategyId: strategyId, clientOrderId: clientOrderId, symbol: symbol, side: side, orderType: orderType,
            quantity: quantity, quoteAmount: quoteAmount, limitPrice: limitPrice, timeInForce: timeInForce,
            reason: reason)
    }
}
