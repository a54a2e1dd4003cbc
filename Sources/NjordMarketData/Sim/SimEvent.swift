public import NjordCore

/// One event of the simulated venue: the envelope and the bus topic it belongs on.
public struct SimEvent: Sendable, Hashable {
    /// `md.trade.BTCUSDT`, `md.book.…`, `md.delta.…`, `md.tob.…` (``Topics``).
    public var topic: String
    public var envelope: EventEnvelope

    public init(topic: String, envelope: EventEnvelope) {
        self.topic = topic
        self.envelope = envelope
    }
}
