import NjordCore

/// The paper trader's envelope ids. Order flow ids are deterministic, so a replayed step gives the
/// same ids (consumers drop the duplicates), and each names the intent it belongs to:
///
/// - fill: `paper-trader:fill:<fill_id>` (fill ids are `<client_order_id>-f<n>`);
/// - order event: `paper-trader:<intent_id>:<status>`, and for `partially_filled`
///   `paper-trader:<intent_id>:partially_filled:<fill_id>` (one per fill);
/// - snapshots: `paper-trader:snap:<run>:<seq>` (not order flow; unique, not replayed).
enum PaperEventIds {
    static let source = "paper-trader"
    private static let prefix = "\(source):"

    static func fill(_ fill: Fill) -> String { "\(prefix)fill:\(fill.fillId)" }

    static func orderEvent(intentId: String, status: OrderStatus, lastFillId: String?) -> String {
        if status == .partiallyFilled, let lastFillId {
            return "\(prefix)\(intentId):\(status.rawValue):\(lastFillId)"
        }
        return "\(prefix)\(intentId):\(status.rawValue)"
    }

    static func snapshot(run: String, sequence: UInt64) -> String { "\(prefix)snap:\(run):\(sequence)" }

    /// The intent an order event belongs to: its venue order id (the intent id, set on every event
    /// of an order the engine took), else — for rejections before the engine — from the envelope id.
    static func intentId(of envelope: EventEnvelope) -> String? {
        guard case .orderEvent(let event) = envelope.payload else { return nil }
        if let venueOrderId = event.venueOrderId { return venueOrderId }
        let suffix = ":\(event.status.rawValue)"
        guard envelope.id.hasPrefix(prefix), envelope.id.hasSuffix(suffix) else { return nil }
        let id = envelope.id.dropFirst(prefix.count).dropLast(suffix.count)
        return id.isEmpty ? nil : String(id)
    }
}

extension OrderStatus {
    /// Whether the order is done: no further event or fill follows.
    var isTerminal: Bool {
        switch self {
        case .filled, .canceled, .expired, .rejected: true
        case .accepted, .partiallyFilled: false
        }
    }
}
