/// A strategy's (or the operator's) request to cancel one open order (`order.cancel`).
///
/// Cancels travel on the intents stream (`orders:intents`) beside ``OrderIntent``s, so an
/// executor sees a cancel after the intent it refers to. Cancelling an order that is no longer
/// open is harmless: the executor reports nothing for it.
public struct OrderCancel: Hashable, Sendable {
    public var strategyId: String
    /// The ``OrderIntent/clientOrderId`` of the order to cancel.
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

extension OrderCancel: WirePayload {
    static let eventType = EventType.orderCancel
    static let fields = NameTable(["strategy_id", "client_order_id", "symbol", "reason"])

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"strategy_id\":")
        w.string(strategyId)
        w.raw(",\"client_order_id\":")
        w.string(clientOrderId)
        w.raw(",\"symbol\":")
        w.string(symbol)
        w.raw(",\"reason\":")
        w.string(reason)
        w.byte(UInt8(ascii: "}"))
    }

    static func decode(from r: inout JSONReader) throws(ContractError) -> OrderCancel {
        try r.beginObject(at: "data")
        var c = FieldCursor(fields)
        var strategyId = "", clientOrderId = "", symbol = "", reason = ""
        while let field = try c.next(in: &r, parent: "data") {
            switch field {
            case 0: strategyId = try r.readString(at: "data.strategy_id")
            case 1: clientOrderId = try r.readString(at: "data.client_order_id")
            case 2: symbol = try r.readString(at: "data.symbol")
            case 3: reason = try r.readString(at: "data.reason")
            default: try r.skipValue(depth: 2, at: "data")
            }
        }
        try c.requireAll(parent: "data")
        guard !clientOrderId.isEmpty else {
            throw .ruleViolated(path: "data.client_order_id", reason: "a cancel names the order it cancels")
        }
        return OrderCancel(strategyId: strategyId, clientOrderId: clientOrderId, symbol: symbol, reason: reason)
    }
}
