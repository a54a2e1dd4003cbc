import NjordCore
import NjordJournal

/// What the risk engine's own journal (`<journal root>/risk/`) says it already did: the decision for
/// every intent it decided, and every fill it applied. Read once at start, so that a restart neither
/// decides an intent twice nor forgets a position.
struct RiskJournalRecovery {
    /// Journal stream of the risk engine.
    static let stream = "risk"

    /// Decision envelopes by the intent id they decide.
    var decisions: [String: EventEnvelope] = [:]
    /// The intent ids of `decisions`, in journal order (the order they were decided).
    var decisionOrder: [String] = []
    /// Fill envelopes applied, in journal order.
    var fills: [EventEnvelope] = []
    /// Ids of every fill envelope journaled.
    var appliedFillIds: Set<String> = []
    /// Highest `seq` of a decision the engine wrote.
    var lastDecisionSequence: UInt64 = 0
    /// Lines that did not decode (damaged journal): counted, skipped.
    var unreadable = 0

    /// Reads the journal under `root`; an absent journal is an empty one.
    static func read(root: String) throws -> RiskJournalRecovery {
        var recovery = RiskJournalRecovery()
        let reader = try JournalReader(root: root, stream: stream)
        try reader.forEachRecord { bytes, _ in
            guard let envelope = try? EventEnvelope(json: bytes.bindMemory(to: UInt8.self)) else {
                recovery.unreadable += 1
                return
            }
            switch envelope.payload {
            case .riskDecision(let decision):
                if recovery.decisions.updateValue(envelope, forKey: decision.intentId) == nil {
                    recovery.decisionOrder.append(decision.intentId)
                }
                recovery.lastDecisionSequence = max(recovery.lastDecisionSequence, envelope.sequence)
            case .fill:
                if recovery.appliedFillIds.insert(envelope.id).inserted { recovery.fills.append(envelope) }
            default: break
            }
        }
        return recovery
    }
}
