import NjordCore
import NjordJournal

/// What the risk engine's own journal (`<journal root>/risk/`) says it already did: the decisions
/// for the newest intents it decided, and every fill it applied (handed to the caller as they are
/// read, in journal order). Read once at start, so that a restart neither decides an intent twice
/// nor forgets a position.
///
/// Memory is bounded by the window, not by the journal's length: older decisions are dropped as the
/// reading passes them, and fills are folded by the caller rather than kept.
struct RiskJournalRecovery {
    /// Journal stream of the risk engine.
    static let stream = "risk"

    /// Decision envelopes by the intent id they decide: the newest `decisionWindow` intents.
    private(set) var decisions: [String: EventEnvelope] = [:]
    /// The intent ids of `decisions`, in journal order (the order they were decided).
    private var decisionOrder: RingBuffer<String>
    /// Ids of the newest fill envelopes journaled (the consumers' idempotency horizon).
    private(set) var appliedFillIds: EventIdWindow
    /// Highest `seq` of a decision the engine wrote.
    private(set) var lastDecisionSequence: UInt64 = 0
    /// Lines that did not decode (damaged journal): counted, skipped.
    private(set) var unreadable = 0

    init(decisionWindow: Int) {
        decisionOrder = RingBuffer(capacity: decisionWindow)
        appliedFillIds = EventIdWindow(capacity: decisionWindow)
    }

    /// The newest decisions, in journal order.
    var recentDecisions: [EventEnvelope] { decisionOrder.elements.compactMap { decisions[$0] } }

    /// Reads the journal under `root` (an absent journal is an empty one), handing each fill to
    /// `applyFill` once, in journal order.
    static func read(
        root: String, decisionWindow: Int = 100_000, applyFill: (EventEnvelope) -> Void = { _ in }
    ) throws -> RiskJournalRecovery {
        var recovery = RiskJournalRecovery(decisionWindow: decisionWindow)
        let reader = try JournalReader(root: root, stream: stream)
        try reader.forEachRecord { bytes, _ in
            guard let envelope = try? EventEnvelope(json: bytes.bindMemory(to: UInt8.self)) else {
                recovery.unreadable += 1
                return
            }
            switch envelope.payload {
            case .riskDecision(let decision):
                if recovery.decisions.updateValue(envelope, forKey: decision.intentId) == nil,
                    let evicted = recovery.decisionOrder.append(decision.intentId)
                {
                    recovery.decisions[evicted] = nil
                }
                recovery.lastDecisionSequence = max(recovery.lastDecisionSequence, envelope.sequence)
            case .fill:
                if recovery.appliedFillIds.insert(envelope.id) { applyFill(envelope) }
            default: break
            }
        }
        return recovery
    }
}
