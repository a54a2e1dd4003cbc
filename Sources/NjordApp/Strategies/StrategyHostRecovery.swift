import NjordCore
import NjordJournal

/// What the strategy host's own journal (`<journal root>/strategy-host/`) says about earlier runs:
/// the client order ids issued, so a restart never issues one again, the last envelope sequence,
/// so sequences keep rising, the strategies those runs had, every fill of theirs the host applied
/// (positions are their fold), and the orders no journaled event or fill closed.
///
/// The journal holds what the host sent (intents, cancels) and what it applied (its strategies'
/// fills and order events, each written before it is applied), so a restart depends on no stream's
/// length: `orders:fills` may have been trimmed (`redis.stream_maxlen`) long ago. Closed orders are
/// dropped as the journal is read, so memory follows the open orders and the fills.
struct StrategyHostRecovery {
    static let stream = "strategy-host"

    /// The first per-strategy order sequence above every `<strategyId>-<n>` the journal holds.
    var firstOrderSequence: UInt64 = 1
    /// The highest envelope sequence journaled.
    var lastEventSequence: UInt64 = 0
    /// Intents journaled and not closed by a journaled event or fill, by client order id.
    private(set) var openIntents: [String: OrderIntent] = [:]
    /// What the fills journaled so far filled of each open order.
    private var filledQuantity: [String: Fixed] = [:]
    /// Ids of the strategies that journaled an intent, a cancel, a fill or an order event.
    var strategyIds: Set<String> = []
    /// Every fill applied, in journal order.
    private(set) var fills: [Fill] = []
    /// Envelope ids of the newest applied fills and order events (the consumers' idempotency
    /// horizon): seeded into the consumer groups, so one applied before a crash and not
    /// acknowledged is not applied again.
    private(set) var appliedFillIds = EventIdWindow()
    private(set) var appliedEventIds = EventIdWindow()
    /// Whether the journal holds any applied fill or order event. A journal without (written before
    /// the host journaled what it applied) needs the streams' history adopted once.
    var hasAppliedRecords: Bool { appliedFillIds.count > 0 || appliedEventIds.count > 0 }
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
            recovery.add(envelope)
        }
        return recovery
    }

    /// Takes one journaled envelope (also an adopted stream entry: see ``hasAppliedRecords``).
    mutating func add(_ envelope: EventEnvelope) {
        switch envelope.payload {
        case .orderIntent(let intent):
            lastEventSequence = max(lastEventSequence, envelope.sequence)
            openIntents[intent.clientOrderId] = intent
            strategyIds.insert(intent.strategyId)
            if let n = Self.orderSequence(intent.clientOrderId, strategyId: intent.strategyId) {
                firstOrderSequence = max(firstOrderSequence, n + 1)
            }
        case .orderCancel(let cancel):
            lastEventSequence = max(lastEventSequence, envelope.sequence)
            strategyIds.insert(cancel.strategyId)
        case .fill(let fill):
            // Once each, as the running host applies it (a copy journaled twice folds once).
            guard appliedFillIds.insert(envelope.id) else { return }
            fills.append(fill)
            strategyIds.insert(fill.strategyId)
            applyFill(fill)
        case .orderEvent(let event):
            strategyIds.insert(event.strategyId)
            appliedEventIds.insert(envelope.id)
            switch event.status {
            case .rejected, .canceled, .expired, .filled: close(event.clientOrderId)
            case .accepted, .partiallyFilled: break
            }
        default:
            unreadable += 1
        }
    }

    /// A fill closes its order when the fills add up to its quantity; a quote-amount order leaves on
    /// its first fill (the host's own rule).
    private mutating func applyFill(_ fill: Fill) {
        guard let intent = openIntents[fill.clientOrderId] else { return }
        let done = (filledQuantity[fill.clientOrderId] ?? .zero) + fill.qty
        guard let quantity = intent.quantity, done < quantity else {
            close(fill.clientOrderId)
            return
        }
        filledQuantity[fill.clientOrderId] = done
    }

    private mutating func close(_ clientOrderId: String) {
        openIntents[clientOrderId] = nil
        filledQuantity[clientOrderId] = nil
    }

    /// `n` of `<strategyId>-<n>`.
    static func orderSequence(_ clientOrderId: String, strategyId: String) -> UInt64? {
        let prefix = strategyId + "-"
        guard clientOrderId.hasPrefix(prefix) else { return nil }
        return UInt64(clientOrderId.dropFirst(prefix.count))
    }

    /// The journaled orders no journaled event or fill closed (a `rejected`, `canceled`, `expired`
    /// or `filled` event, or fills adding up to the order's quantity). Sorted by client order id.
    var openOrders: [OrderIntent] { openIntents.values.sorted { $0.clientOrderId < $1.clientOrderId } }
}
