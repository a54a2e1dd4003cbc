import NjordCore
import NjordJournal

/// What the strategy host's own journal (`<journal root>/strategy-host/`) says about earlier runs:
/// the client order ids issued, so a restart never issues one again, the last envelope sequence,
/// so sequences keep rising, and the orders and strategies those runs had.
struct StrategyHostRecovery {
    static let stream = "strategy-host"

    /// The first per-strategy order sequence above every `<strategyId>-<n>` the journal holds.
    var firstOrderSequence: UInt64 = 1
    /// The highest envelope sequence journaled.
    var lastEventSequence: UInt64 = 0
    /// Every intent journaled, by client order id.
    var intents: [String: OrderIntent] = [:]
    /// Ids of the strategies that journaled an intent or a cancel.
    var strategyIds: Set<String> = []
    /// Records that did not decode (a torn last line after a crash is reported by the reader).
    var unreadable = 0

    /// Reads the whole journal; an absent journal is a first start.
    static func read(root: String) throws -> StrategyHostRecovery {
        var recovery = StrategyHostRecovery()
        let reader = try JournalReader(root: root, stream: stream)
        try reader.forEachRecord { bytes, _ in
            guard let envelope = try? EventEnvelope(json: Array(bytes)) else {
                recovery.unreadable += 1
                return
            }
            recovery.lastEventSequence = max(recovery.lastEventSequence, envelope.sequence)
            switch envelope.payload {
            case .orderIntent(let intent):
                recovery.intents[intent.clientOrderId] = intent
                recovery.strategyIds.insert(intent.strategyId)
                if let n = orderSequence(intent.clientOrderId, strategyId: intent.strategyId) {
                    recovery.firstOrderSequence = max(recovery.firstOrderSequence, n + 1)
                }
            case .orderCancel(let cancel): recovery.strategyIds.insert(cancel.strategyId)
            default: recovery.unreadable += 1
            }
        }
        return recovery
    }

    /// `n` of `<strategyId>-<n>`.
    static func orderSequence(_ clientOrderId: String, strategyId: String) -> UInt64? {
        let prefix = strategyId + "-"
        guard clientOrderId.hasPrefix(prefix) else { return nil }
        return UInt64(clientOrderId.dropFirst(prefix.count))
    }

    /// The journaled orders that `fills` and `events` (read back from the streams) do not show
    /// closed: a `rejected`, `canceled`, `expired` or `filled` event, or fills adding up to the
    /// order's quantity. Sorted by client order id.
    func openOrders(fills: [Fill], events: [OrderEvent]) -> [OrderIntent] {
        var closed: Set<String> = []
        for event in events {
            switch event.status {
            case .rejected, .canceled, .expired, .filled: closed.insert(event.clientOrderId)
            case .accepted, .partiallyFilled: break
            }
        }
        var filled: [String: Fixed] = [:]
        for fill in fills { filled[fill.clientOrderId, default: .zero] += fill.qty }
        return intents.values.filter { intent in
            if closed.contains(intent.clientOrderId) { return false }
            if let quantity = intent.quantity, let done = filled[intent.clientOrderId], done >= quantity {
                return false
            }
            // A quote-amount order leaves on its first fill (the host's own rule).
            if intent.quantity == nil, filled[intent.clientOrderId] != nil { return false }
            return true
        }.sorted { $0.clientOrderId < $1.clientOrderId }
    }
}
