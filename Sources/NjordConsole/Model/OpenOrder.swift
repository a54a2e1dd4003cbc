public import NjordCore

/// An order the console saw an intent for and no end yet: new, approved by risk, accepted by the
/// venue, partly filled.
public struct OpenOrder: Hashable, Sendable {
    public enum Stage: String, Sendable {
        case new, approved, open
    }

    public var intent: OrderIntent
    public var stage: Stage
    public var venueOrderId: String?
    public var filled: Fixed = .zero
    public var updatedAt: Timestamp

    public init(intent: OrderIntent, at time: Timestamp) {
        self.intent = intent
        stage = .new
        updatedAt = time
    }
}
