/// The typed content of an event, one case per ``EventType``.
///
/// Indirect: the cases differ a lot in size, and boxing keeps an envelope small so that moving
/// it (decode, queues, journals) copies a pointer instead of the largest payload.
public indirect enum EventPayload: Hashable, Sendable {
    case trade(Trade)
    case bookSnapshot(BookSnapshot)
    case bookDelta(BookDelta)
    case topOfBook(TopOfBook)
    case bar(Bar)
    case orderIntent(OrderIntent)
    case orderCancel(OrderCancel)
    case riskDecision(RiskDecision)
    case orderEvent(OrderEvent)
    case fill(Fill)
    case positionSnapshot(PositionSnapshot)
    case pnlSnapshot(PnlSnapshot)
    case allocationTargets(AllocationTargets)
    case rebalance(RebalanceEvent)
    case killSwitchState(KillSwitchStateEvent)
    case heartbeat(Heartbeat)

    public var type: EventType {
        switch self {
        case .trade: .trade
        case .bookSnapshot: .bookSnapshot
        case .bookDelta: .bookDelta
        case .topOfBook: .topOfBook
        case .bar: .bar
        case .orderIntent: .orderIntent
        case .orderCancel: .orderCancel
        case .riskDecision: .riskDecision
        case .orderEvent: .orderEvent
        case .fill: .fill
        case .positionSnapshot: .positionSnapshot
        case .pnlSnapshot: .pnlSnapshot
        case .allocationTargets: .allocationTargets
        case .rebalance: .rebalance
        case .killSwitchState: .killSwitchState
        case .heartbeat: .heartbeat
        }
    }

    /// Appends the payload's canonical JSON object — an envelope's `data` — to `buffer`, for
    /// files that embed contract payloads in records of their own (a backtest's `orders.ndjson`).
    public func encodeData(into buffer: inout [UInt8]) {
        var writer = JSONWriter(capacity: 0)
        swap(&writer.bytes, &buffer)
        encode(to: &writer)
        swap(&writer.bytes, &buffer)
    }

    func encode<W: JSONSink>(to w: inout W) {
        switch self {
        case .trade(let p): p.encode(to: &w)
        case .bookSnapshot(let p): p.encode(to: &w)
        case .bookDelta(let p): p.encode(to: &w)
        case .topOfBook(let p): p.encode(to: &w)
        case .bar(let p): p.encode(to: &w)
        case .orderIntent(let p): p.encode(to: &w)
        case .orderCancel(let p): p.encode(to: &w)
        case .riskDecision(let p): p.encode(to: &w)
        case .orderEvent(let p): p.encode(to: &w)
        case .fill(let p): p.encode(to: &w)
        case .positionSnapshot(let p): p.encode(to: &w)
        case .pnlSnapshot(let p): p.encode(to: &w)
        case .allocationTargets(let p): p.encode(to: &w)
        case .rebalance(let p): p.encode(to: &w)
        case .killSwitchState(let p): p.encode(to: &w)
        case .heartbeat(let p): p.encode(to: &w)
        }
    }

    static func decode(_ type: EventType, from r: inout JSONReader) throws(ContractError) -> EventPayload {
        switch type {
        case .trade: .trade(try Trade.decode(from: &r))
        case .bookSnapshot: .bookSnapshot(try BookSnapshot.decode(from: &r))
        case .bookDelta: .bookDelta(try BookDelta.decode(from: &r))
        case .topOfBook: .topOfBook(try TopOfBook.decode(from: &r))
        case .bar: .bar(try Bar.decode(from: &r))
        case .orderIntent: .orderIntent(try OrderIntent.decode(from: &r))
        case .orderCancel: .orderCancel(try OrderCancel.decode(from: &r))
        case .riskDecision: .riskDecision(try RiskDecision.decode(from: &r))
        case .orderEvent: .orderEvent(try OrderEvent.decode(from: &r))
        case .fill: .fill(try Fill.decode(from: &r))
        case .positionSnapshot: .positionSnapshot(try PositionSnapshot.decode(from: &r))
        case .pnlSnapshot: .pnlSnapshot(try PnlSnapshot.decode(from: &r))
        case .allocationTargets: .allocationTargets(try AllocationTargets.decode(from: &r))
        case .rebalance: .rebalance(try RebalanceEvent.decode(from: &r))
        case .killSwitchState: .killSwitchState(try KillSwitchStateEvent.decode(from: &r))
        case .heartbeat: .heartbeat(try Heartbeat.decode(from: &r))
        }
    }
}
