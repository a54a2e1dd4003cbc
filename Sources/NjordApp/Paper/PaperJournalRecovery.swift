import NjordCore
import NjordExecution
import NjordJournal

/// What the paper trader's journal (`<journal_dir>/paper/`) says at start: the ledger (the fold of
/// every fill, in order), the orders it left unfinished and how far each got, the newest finished
/// ones (never executed again), and the last position snapshot of each position (what
/// `reconcile` compares with the fold).
///
/// Memory is bounded by what is open, not by the journal's length: a finished order is kept as its
/// intent id only, and only the newest `handledWindow` of those — the same horizon as the risk
/// engine's decided intents and the consumers' idempotency windows.
struct PaperJournalRecovery {
    /// One order as its journaled events and fills describe it.
    struct RecoveredOrder: Equatable {
        var strategyId: String
        var clientOrderId: String
        var symbol: String
        var accepted = false
        var fillCount = 0
        var filled = Fixed.zero
        /// The record number of its first event: restored orders keep their time priority.
        var firstRecord = 0
    }

    static let stream = "paper"

    /// The fold of every journaled fill.
    var ledger = PositionLedger()
    var fillCount = 0
    /// Orders with events but no terminal one yet, keyed by intent id.
    var unfinishedOrders: [String: RecoveredOrder] = [:]
    /// The intents whose order reached a terminal event, the newest `handledWindow` of them.
    var finishedIntents: EventIdWindow
    /// Every order the journal shows, finished or not.
    var orderCount = 0
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

    /// The default horizon of finished intents: as the risk engine's `decisionWindow`.
    static let defaultHandledWindow = 100_000

    init(handledWindow: Int = defaultHandledWindow) {
        finishedIntents = EventIdWindow(capacity: handledWindow)
    }

    /// Reads the journal under `root` (nothing there: an empty recovery).
    static func read(root: String, handledWindow: Int = defaultHandledWindow) throws -> PaperJournalRecovery {
        var recovery = PaperJournalRecovery(handledWindow: handledWindow)
        let reader = try JournalReader(root: root, stream: stream)
        // Unfinished orders only: the fills of an order are tallied until its terminal event (they
        // may come before its first event), then dropped with it.
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
                // As the running trader does: a notional beyond 10³⁰ leaves the ledger as it was.
                do { try recovery.ledger.apply(fill) } catch {
                    recovery.problems.append("fill \(envelope.id) does not fit the ledger: \(error)")
                }
                recovery.fillCount += 1
                let sofar = fillsByClientOrder[fill.clientOrderId] ?? (0, .zero)
                fillsByClientOrder[fill.clientOrderId] = (sofar.count + 1, sofar.qty + fill.qty)
            case .orderEvent(let event):
                guard let intentId = PaperEventIds.intentId(of: envelope) else {
                    recovery.problems.append("order event \(envelope.id) names no intent")
                    return
                }
                // An event after the terminal one (never written) must not reopen the order.
                guard !recovery.finishedIntents.contains(intentId) else { return }
                let known = recovery.unfinishedOrders[intentId]
                if known == nil { recovery.orderCount += 1 }
                if event.status.isTerminal {
                    recovery.unfinishedOrders[intentId] = nil
                    recovery.finishedIntents.insert(intentId)
                    intentByClientOrder[event.clientOrderId] = nil
                    fillsByClientOrder[event.clientOrderId] = nil
                    return
                }
                var order =
                    known
                    ?? RecoveredOrder(
                        strategyId: event.strategyId, clientOrderId: event.clientOrderId, symbol: event.symbol,
                        firstRecord: recovery.records)
                if event.status == .accepted { order.accepted = true }
                recovery.unfinishedOrders[intentId] = order
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
            recovery.unfinishedOrders[intentId]?.fillCount = sofar.count
            recovery.unfinishedOrders[intentId]?.filled = sofar.qty
        }
        return recovery
    }

    /// Orders accepted with no terminal event: resting when the trader stopped.
    var openOrders: [(intentId: String, order: RecoveredOrder)] {
        unfinishedOrders.filter(\.value.accepted).sorted { $0.value.firstRecord < $1.value.firstRecord }
            .map { ($0.key, $0.value) }
    }
}
