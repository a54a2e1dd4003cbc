public import NjordCore

/// Sends order flow so that nothing acknowledged is lost: each event is journaled (settled, see
/// ``JournalWriter/settle()``: durable, or under `.writeThrough` written to the file so that a
/// kill -9 cannot lose it) before it is appended to its bus stream, then published on a live-view
/// topic. A `.writeThrough` journal's owner calls ``JournalWriter/syncIfDue()`` after sending.
///
/// If the append fails (Redis away), the event stays in the journal and in an in-memory list of
/// unconfirmed events, re-appended in order on the next send or ``retryUnconfirmed()`` once the
/// bus answers again. Redis with `appendfsync everysec` can also lose up to a second of entries it
/// had confirmed when it crashes, so after the bus reports a reconnect the producer re-appends its
/// recent window too. Consumers are idempotent by event id (``EventStreamConsumer``), so these
/// re-appends cost duplicates, never double application.
///
/// One thread at a time (it owns a ``JournalWriter``).
public final class JournaledStreamProducer {
    public let stream: String
    public let liveTopic: String?
    private let bus: any MessageBus
    private let journal: JournalWriter
    private var unconfirmed: [[UInt8]] = []
    private var stagedLive: [[UInt8]] = []
    private var recent: RingBuffer<[UInt8]>
    private var lastSeenReconnects: Int

    /// Counters for heartbeats.
    public private(set) var sent = 0
    public private(set) var appended = 0
    public private(set) var reappended = 0
    public private(set) var appendFailures = 0

    /// - Parameters:
    ///   - liveTopic: where each event is also published for live views (`flow.*`), or nil.
    ///   - recentWindow: how many recently appended events are re-appended after a reconnect.
    public init(
        bus: any MessageBus, journal: JournalWriter, stream: String, liveTopic: String?, recentWindow: Int = 1_024
    ) {
        self.bus = bus
        self.journal = journal
        self.stream = stream
        self.liveTopic = liveTopic
        self.recent = RingBuffer(capacity: max(1, recentWindow))
        self.lastSeenReconnects = bus.status.reconnects
    }

    /// Events journaled whose append the bus has not confirmed yet.
    public var unconfirmedCount: Int { unconfirmed.count }

    /// Journals the event (settled), then appends it to the stream and publishes it live. Returns
    /// true when the bus confirmed the append; false means it is journaled and will be re-appended.
    /// Throws only when the journal itself fails: then the event was not accepted at all.
    @discardableResult
    public func send(_ event: EventEnvelope) throws -> Bool {
        let bytes = event.encoded()
        let receipt = try journal.append(bytes)
        if journal.settledSequence < receipt.sequence { try journal.settle() }
        sent += 1
        unconfirmed.append(bytes)
        appendUnconfirmed(live: liveTopic == nil ? [] : [bytes])
        return unconfirmed.isEmpty
    }

    /// Journals the event without syncing and queues it for the stream, for a batch that must
    /// reach the journal whole: stage every event of the batch (several producers may share one
    /// journal; inside ``JournalWriter/appendTogether(_:)`` for one write), then ``sendStaged()``,
    /// which settles the journal once before anything is appended. Throws only when the journal fails.
    public func stage(_ event: EventEnvelope) throws {
        let bytes = event.encoded()
        try journal.append(bytes)
        sent += 1
        unconfirmed.append(bytes)
        if liveTopic != nil { stagedLive.append(bytes) }
    }

    /// Settles the journal (one sync, or one write, covers every staged event of every producer
    /// sharing it), then appends the staged events to the stream and publishes them live. Returns
    /// true when the bus confirmed every append.
    @discardableResult
    public func sendStaged() throws -> Bool {
        if journal.settledSequence < journal.lastSequence { try journal.settle() }
        appendUnconfirmed(live: stagedLive)
        stagedLive.removeAll(keepingCapacity: true)
        return unconfirmed.isEmpty
    }

    /// Re-appends, in order, what the bus has not confirmed (and, after a reconnect, the recent
    /// window). Returns how many events are still unconfirmed.
    @discardableResult
    public func retryUnconfirmed() -> Int { appendUnconfirmed(live: []) }

    /// Appends what the bus has not confirmed and, in the same round trip, publishes `live` (the
    /// new events' copies) after it. When the append fails the copies are lost (at-most-once).
    @discardableResult
    private func appendUnconfirmed(live: [[UInt8]]) -> Int {
        let reconnects = bus.status.reconnects
        if reconnects != lastSeenReconnects {
            // Entries Redis confirmed just before it went away may not have reached its disk.
            let window = recent.elements
            if !window.isEmpty, (try? bus.append(contentsOf: window, to: stream)) != nil {
                reappended += window.count
                lastSeenReconnects = reconnects
            }
        }
        guard !unconfirmed.isEmpty else { return 0 }
        do {
            if let liveTopic, !live.isEmpty {
                try bus.append(contentsOf: unconfirmed, to: stream, thenPublishing: live, on: liveTopic)
            } else {
                try bus.append(contentsOf: unconfirmed, to: stream)
            }
            appended += unconfirmed.count
            for bytes in unconfirmed { recent.append(bytes) }
            unconfirmed.removeAll(keepingCapacity: true)
        } catch {
            appendFailures += 1
        }
        return unconfirmed.count
    }
}
