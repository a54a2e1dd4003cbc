/// The `type` of an event on the wire: one per payload.
public enum EventType: String, Hashable, Sendable, CaseIterable, WireEnum {
    case trade = "md.trade"
    case bookSnapshot = "md.book"
    case bookDelta = "md.delta"
    case topOfBook = "md.tob"
    case bar = "md.bar"
    case orderIntent = "order.intent"
    case orderCancel = "order.cancel"
    case riskDecision = "risk.decision"
    case orderEvent = "order.event"
    case fill = "order.fill"
    case positionSnapshot = "position.snapshot"
    case pnlSnapshot = "pnl.snapshot"
    case allocationTargets = "portfolio.allocation"
    case rebalance = "portfolio.rebalance"
    case killSwitchState = "killswitch.state"
    case heartbeat = "service.heartbeat"

    static let wireNames = NameTable(allCases.map(\.rawValue))
    static let wireCases = allCases
}

/// A payload's own half of the codec: its fields in wire order, written and read directly.
protocol WirePayload {
    static var eventType: EventType { get }
    /// Writes the payload object (`{…}`).
    func encode<W: JSONSink>(to writer: inout W)
    /// Reads the payload object at the reader's position; paths start with `data`.
    static func decode(from reader: inout JSONReader) throws(ContractError) -> Self
}
