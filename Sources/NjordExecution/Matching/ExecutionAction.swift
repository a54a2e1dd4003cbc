public import NjordCore

/// What the matching engine asks its host to publish and journal, in order.
public enum ExecutionAction: Hashable, Sendable {
    /// A change of an order's state, at the simulated venue time it happened.
    case orderEvent(OrderEvent, at: Timestamp)
    /// An execution, at the simulated venue time it happened. Always followed by the order's
    /// `partially_filled` or `filled` event.
    case fill(Fill, at: Timestamp)

    /// The payload to put in an envelope.
    public var payload: EventPayload {
        switch self {
        case .orderEvent(let event, _): .orderEvent(event)
        case .fill(let fill, _): .fill(fill)
        }
    }

    /// When it happened (with latency, possibly before the call that produced it).
    public var time: Timestamp {
        switch self {
        case .orderEvent(_, let at), .fill(_, let at): at
        }
    }
}
