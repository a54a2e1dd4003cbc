import NjordCore
import NjordJournal

/// What the paper trader's journal (`<journal_dir>/paper/`) says at start: every fill in order (the
/// ledger is their fold), every order it produced an event for and how far each got, and the last
/// position snapshot of each position (what `reconcile` compares with the fold).
struct PaperJournalRecovery {
    /// One order as its journaled events and fills describe it.
    struct RecoveredOrder: Equatable {
        var strategyId: String
        var clientOrderId: String
        var symbol: String
        var accepted = false
        var terminal = false
        var fillCount = 0
        var filled = Fixed.zero
        /// The record number of its first event: restored orders keep their time priority.
        var firstRecord = 0
    }

    static let stream = "paper"

    var fills: [Fill] = []
    /// Keyed by intent id.
    var orders: [String: RecoveredOrder] = [:]
    var lastPositionSnapshots: [PositionKeyText: PositionSnapshot] = [:]
    /// The opening equity of each PnL scope's day, from the journaled `pnl.snapshot`s.
    var dayOpen = DayOpenEquity()
    var records = 0
    /// The newest order flow records (`order.event` and `order.fill`), oldest first, at most
    /// ``tailCapacity``: what a restart checks against the streams.
    var orderFlowTail: [(id: String, isFill: Bool, bytes: [UInt8])] = []
    static let tailCapacity = 4_096
    /// Lines that did not decode as envelopes, and damaged spots (torn tail, corrupt lines).
    var problems: [String] = []

    struct PositionKeyText: Hashable {
        var strategyId: String
        var symbol: String
    }

    init() {}

    /// Reads the journal under `root` (nothing there: an empty recovery).
    static func read(root: String) throws -> PaperJournalRecovery {
        var recovery = PaperJournalRecovery()
        let reader = try JournalReader(root: root, stream: stream)
        var intentByClientOrder: [String: String] = [:]
        var fillsByClientOrder: [String: (count: Int, qty: Fixed)] = [:]
        try reader.forEachRecord(onIssue: { recovery.problems.append("\($0)") }) { bytes, _ in
            recovery.records += 1
            let envelope: EventEnvelope
            do {
                envelope = try EventEnvelope(json: bytes)
            } catch {
                recovery.problems.append("undecodable journal record: \(error)")
                return
            }
            switch envelope.payload {
            case .fill, .orderEvent:
                recovery.orderFlowTail.append((envelope.id, envelope.type == .fill, Array(bytes)))
                if recovery.orderFlowTail.count > 2 * tailCapacity {
                    recovery.orderFlowTail.removeFirst(recovery.orderFlowTail.count - tailCapacity)
                }
            default:
                break
            }
            switch envelope.payload {
            case .fill(let fill):
                recovery.fills.append(fill)
                let sofar = fillsByClientOrder[fill.clientOrderId] ?? (0, .zero)
                fillsByClientOrder[fill.clientOrderId] = (sofar.count + 1, sofar.qty + fill.qty)
            case .orderEvent(let event):
                guard let intentId = PaperEventIds.intentId(of: envelope) else {
                    recovery.problems.append("order event \(envelope.id) names no intent")
                    return
                }
                var order =
                    recovery.orders[intentId]
                    ?? RecoveredOrder(
                        strategyId: event.strategyId, clientOrderId: event.clientOrderId, symbol: event.symbol,
                        firstRecord: recovery.records)
                if event.status == .accepted { order.accepted = true }
                if event.status.isTerminal { order.terminal = true }
                recovery.orders[intentId] = order
                intentByClientOrder[event.clientOrderId] = intentId
            case .positionSnapshot(let snapshot):
                recovery.lastPositionSnapshots[
                    PositionKeyText(strategyId: snapshot.strategyId, symbol: snapshot.symbol)] =
                    snapshot
            case .pnlSnapshot(let pnl):
                recovery.dayOpen.restore(
                    scope: pnl.scope, equity: pnl.equity, pnlToday: pnl.pnlToday, at: envelope.eventTime)
            default:
                break
            }
        }
        recovery.orderFlowTail = Array(recovery.orderFlowTail.suffix(tailCapacity))
        for (clientOrderId, sofar) in fillsByClientOrder {
            guard let intentId = intentByClientOrder[clientOrderId] else { continue }
            recovery.orders[intentId]?.fillCount = sofar.count
            recovery.orders[intentId]?.filled = sofar.qty
        }
        return recovery
    }

    /// Orders accepted with no terminal event: resting when the trader stopped.
    var openOrders: [(intentId: String, order: RecoveredOrder)] {
        orders.filter { $0.value.accepted && !$0.value.terminal }.sorted { $0.value.firstRecord < $1.value.firstRecord }
            .map { ($0.key, $0.value) }
    }
}
