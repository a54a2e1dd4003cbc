/// A change of an order's state at the venue (`order.event`); fills travel as ``Fill``.
public struct OrderEvent: Hashable, Sendable {
    public var strategyId: String
    public var clientOrderId: String
    public var symbol: String
    public var status: OrderStatus
    /// The venue's order id, once it has one.
    public var venueOrderId: String?
    /// Why the order was rejected, canceled or expired, when known.
    public var reason: String?

    public init(
        strategyId: String, clientOrderId: String, symbol: String, status: OrderStatus, venueOrderId: String?,
        reason: String?
    ) {
        self.strategyId = strategyId
        self.clientOrderId = clientOrderId
        self.symbol = symbol
        self.status = status
        self.venueOrderId = venueOrderId
        self.reason = reason
    }
}

extension OrderEvent: WirePayload {
    static let eventType = EventType.orderEvent
    static let fields = NameTable(["strategy_id", "client_order_id", "symbol", "status", "venue_order_id", "reason"])

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"strategy_id\":")
        w.string(strategyId)
        w.raw(",\"client_order_id\":")
        w.string(clientOrderId)
        w.raw(",\"symbol\":")
        w.string(symbol)
        w.raw(",\"status\":")
        w.enumValue(status)
        w.raw(",\"venue_order_id\":")
        w.string(venueOrderId)
        w.raw(",\"reason\":")
        w.string(reason)
        w.byte(UInt8(ascii: "}"))
    }

    static func decode(from r: inout JSONReader) throws(ContractError) -> OrderEvent {
        try r.beginObject(at: "data")
        var c = FieldCursor(fields)
        var strategyId = "", clientOrderId = "", symbol = "", status = OrderStatus.accepted
        var venueOrderId: String?, reason: String?
        while let field = try c.next(in: &r, parent: "data") {
            switch field {
            case 0: strategyId = try r.readString(at: "data.strategy_id")
            case 1: clientOrderId = try r.readString(at: "data.client_order_id")
            case 2: symbol = try r.readString(at: "data.symbol")
            case 3: status = try r.readEnum(OrderStatus.self, at: "data.status")
            case 4: venueOrderId = try r.readStringOrNull(at: "data.venue_order_id")
            case 5: reason = try r.readStringOrNull(at: "data.reason")
            default: try r.skipValue(depth: 2, at: "data")
            }
        }
        try c.requireAll(parent: "data")
        return OrderEvent(
            strategyId: strategyId, clientOrderId: clientOrderId, symbol: symbol, status: status,
            venueOrderId: venueOrderId, reason: reason)
    }
}
