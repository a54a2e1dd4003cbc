import NjordCore

/// Open orders from the flow topics: an intent opens one, a denial, rejection, cancel or expiry
/// closes it, fills add up until its quantity is done. Bounded: past ``capacity`` the oldest goes.
public struct OrderTracker: Sendable {
    public static let capacity = 500
    public private(set) var orders: [String: OpenOrder] = [:]
    private var order: [String] = []

    public init() {}

    /// Newest first.
    public var open: [OpenOrder] { order.reversed().compactMap { orders[$0] } }

    mutating func opened(_ intent: OrderIntent, at time: Timestamp) {
        if orders[intent.clientOrderId] == nil { order.append(intent.clientOrderId) }
        orders[intent.clientOrderId] = OpenOrder(intent: intent, at: time)
        while order.count > Self.capacity { orders[order.removeFirst()] = nil }
    }

    mutating func decided(_ decision: RiskDecision, at time: Timestamp) {
        guard orders[decision.clientOrderId] != nil else { return }
        if decision.approved {
            orders[decision.clientOrderId]?.stage = .approved
            orders[decision.clientOrderId]?.updatedAt = time
        } else {
            close(decision.clientOrderId)
        }
    }

    mutating func updated(_ event: OrderEvent, at time: Timestamp) {
        switch event.status {
        case .accepted, .partiallyFilled:
            guard orders[event.clientOrderId] != nil else { return }
            orders[event.clientOrderId]?.stage = .open
            orders[event.clientOrderId]?.venueOrderId = event.venueOrderId
            orders[event.clientOrderId]?.updatedAt = time
        case .filled, .rejected, .canceled, .expired: close(event.clientOrderId)
        }
    }

    mutating func filled(_ fill: Fill, at time: Timestamp) {
        guard var open = orders[fill.clientOrderId] else { return }
        open.filled = open.filled + fill.qty
        open.updatedAt = time
        if let qty = open.intent.quantity, open.filled >= qty {
            close(fill.clientOrderId)
        } else {
            orders[fill.clientOrderId] = open
        }
    }

    private mutating func close(_ id: String) {
        orders[id] = nil
        order.removeAll { $0 == id }
    }
}
