public import NjordCore

/// An order the engine holds: accepted and resting, or still in flight (latency).
public struct OpenOrder: Hashable, Sendable {
    /// The approved intent, as submitted.
    public let intent: OrderIntent
    /// The envelope id of the intent; also the order's venue id.
    public let intentId: String
    /// When the order reaches the venue (submit time plus latency).
    public let arrivesAt: Timestamp
    /// Base quantity still to fill (for a quote-amount order, unknown until it matches: zero).
    public internal(set) var remaining: Fixed
    /// Base quantity filled so far.
    public internal(set) var filled: Fixed = .zero
    /// Fills made so far; the next fill id is `<clientOrderId>-f<fillCount + 1>`.
    public internal(set) var fillCount = 0
    /// Whether it has reached the venue (and been accepted).
    public internal(set) var isAccepted = false

    init(intent: OrderIntent, intentId: String, arrivesAt: Timestamp) {
        self.intent = intent
        self.intentId = intentId
        self.arrivesAt = arrivesAt
        self.remaining = intent.quantity ?? .zero
    }

    public var clientOrderId: String { intent.clientOrderId }
}
