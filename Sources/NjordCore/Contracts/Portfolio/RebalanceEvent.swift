/// A change of one strategy's capital weight (`portfolio.rebalance`).
public struct RebalanceEvent: Hashable, Sendable {
    public var strategyId: String
    public var fromWeight: Fixed
    public var toWeight: Fixed
    /// Quote amount moved (positive: to the strategy).
    public var notional: Fixed
    public var reason: String

    public init(strategyId: String, fromWeight: Fixed, toWeight: Fixed, notional: Fixed, reason: String) {
        self.strategyId = strategyId
        self.fromWeight = fromWeight
        self.toWeight = toWeight
        self.notional = notional
        self.reason = reason
    }
}

extension RebalanceEvent: WirePayload {
    static let eventType = EventType.rebalance
    static let fields = NameTable(["strategy_id", "from_weight", "to_weight", "notional", "reason"])

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"strategy_id\":")
        w.string(strategyId)
        w.raw(",\"from_weight\":")
        w.decimal(fromWeight)
        w.raw(",\"to_weight\":")
        w.decimal(toWeight)
        w.raw(",\"notional\":")
        w.decimal(notional)
        w.raw(",\"reason\":")
        w.string(reason)
        w.byte(UInt8(ascii: "}"))
    }

    static func decode(from r: inout JSONReader) throws(ContractError) -> RebalanceEvent {
        try r.beginObject(at: "data")
        var c = FieldCursor(fields)
        var strategyId = "", reason = "", fromWeight = Fixed.zero, toWeight = Fixed.zero, notional = Fixed.zero
        while let field = try c.next(in: &r, parent: "data") {
            switch field {
            case 0: strategyId = try r.readString(at: "data.strategy_id")
            case 1: fromWeight = try r.readDecimal(at: "data.from_weight")
            case 2: toWeight = try r.readDecimal(at: "data.to_weight")
            case 3: notional = try r.readDecimal(at: "data.notional")
            case 4: reason = try r.readString(at: "data.reason")
            default: try r.skipValue(depth: 2, at: "data")
            }
        }
        try c.requireAll(parent: "data")
        return RebalanceEvent(
            strategyId: strategyId, fromWeight: fromWeight, toWeight: toWeight, notional: notional, reason: reason)
    }
}
