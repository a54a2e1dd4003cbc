/// The kill switch's state (`killswitch.state`): when tripped, no new orders leave the system.
public struct KillSwitchStateEvent: Hashable, Sendable {
    public var tripped: Bool
    /// Why it was tripped (or reset).
    public var reason: String?
    /// Who or what changed it (an operator, a risk rule).
    public var by: String?
    /// When it last changed; nil if it never has.
    public var at: Timestamp?

    public init(tripped: Bool, reason: String?, by: String?, at: Timestamp?) {
        self.tripped = tripped
        self.reason = reason
        self.by = by
        self.at = at
    }
}

extension KillSwitchStateEvent: WirePayload {
    static let eventType = EventType.killSwitchState
    static let fields = NameTable(["tripped", "reason", "by", "at"])

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"tripped\":")
        w.bool(tripped)
        w.raw(",\"reason\":")
        w.string(reason)
        w.raw(",\"by\":")
        w.string(by)
        w.raw(",\"at\":")
        w.int(at?.nanosecondsSinceEpoch)
        w.byte(UInt8(ascii: "}"))
    }

    static func decode(from r: inout JSONReader) throws(ContractError) -> KillSwitchStateEvent {
        try r.beginObject(at: "data")
        var c = FieldCursor(fields)
        var tripped = false, reason: String?, by: String?, at: Int64?
        while let field = try c.next(in: &r, parent: "data") {
            switch field {
            case 0: tripped = try r.readBool(at: "data.tripped")
            case 1: reason = try r.readStringOrNull(at: "data.reason")
            case 2: by = try r.readStringOrNull(at: "data.by")
            case 3: at = try r.readInt64OrNull(at: "data.at")
            default: try r.skipValue(depth: 2, at: "data")
            }
        }
        try c.requireAll(parent: "data")
        return KillSwitchStateEvent(
            tripped: tripped, reason: reason, by: by, at: at.map { Timestamp(nanosecondsSinceEpoch: $0) })
    }
}
