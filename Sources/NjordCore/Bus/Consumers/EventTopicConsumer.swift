/// Decodes the messages of pub/sub topics into events: bad ones are dead-lettered (origin: the
/// topic) and skipped, and each source's sequence numbers are followed per topic so that what
/// at-most-once delivery lost is counted (gaps and the messages missing in them; a source that
/// starts over at 1 is a restart, not a gap).
///
/// One thread decodes at a time; ``counters`` may be read from any thread (heartbeats).
public final class EventTopicConsumer: @unchecked Sendable {
    /// What the consumer saw, since it was made.
    public struct Counters: Equatable, Sendable {
        /// Messages looked at.
        public var received = 0
        /// Messages that decoded into events.
        public var decoded = 0
        /// Messages that did not decode, copied to the dead-letter stream.
        public var deadLettered = 0
        /// Dead letters that could not be written (the bus was down); the message was still skipped.
        public var deadLetterFailures = 0
        /// Jumps ahead in a source's sequence on a topic.
        public var gaps = 0
        /// Sequence numbers skipped by those jumps: messages lost.
        public var missing: UInt64 = 0
        /// Sources seen starting over at sequence 1.
        public var restarts = 0
        /// Messages at or below their source's last sequence number (late or repeated).
        public var stale = 0

        public init() {}

        /// The counters under the names heartbeats use.
        public var heartbeatCounters: [String: Int64] {
            [
                "received": Int64(received), "decoded": Int64(decoded), "dead_lettered": Int64(deadLettered),
                "dead_letter_failures": Int64(deadLetterFailures), "gaps": Int64(gaps),
                "missing": Int64(clamping: missing), "restarts": Int64(restarts), "stale": Int64(stale),
            ]
        }
    }

    private struct State {
        var counters = Counters()
        var sequences = SequenceTracker()
        var deadLetters: DeadLetterWriter
    }

    private let lock = Mutex()
    private var state: State

    /// - Parameters:
    ///   - bus: where dead letters are appended.
    ///   - consumer: the service's name, in dead letters and reports.
    ///   - report: receives bad-input reports, rate limited (log them).
    public init(
        bus: any MessageBus, consumer: String, clock: any Clock = SystemClock(),
        reportIntervalNanoseconds: UInt64 = 10_000_000_000,
        report: @escaping @Sendable (BadInputReport) -> Void = { _ in }
    ) {
        state = State(
            deadLetters: DeadLetterWriter(
                bus: bus, consumer: consumer, clock: clock, reportIntervalNanoseconds: reportIntervalNanoseconds,
                report: report))
    }

    public var counters: Counters { lock.withLock { state.counters } }

    /// Messages rejected, by kind.
    public var deadLetteredByKind: [BadInputKind: Int] { lock.withLock { state.deadLetters.rejectedByKind } }

    /// The event a message carries, or nil when it does not decode (then it is dead-lettered).
    public func decode(_ message: BusMessage) -> EventEnvelope? {
        lock.withLock {
            state.counters.received += 1
            let decoded = Result { () throws(ContractError) in try EventEnvelope(json: message.payload) }
            let envelope: EventEnvelope
            switch decoded {
            case .success(let event): envelope = event
            case .failure(let error):
                state.counters.deadLettered += 1
                do {
                    try state.deadLetters.reject(message.payload, origin: message.topic, error: error)
                } catch {
                    // Pub/sub is at-most-once anyway: the message is counted and reported, not kept.
                    state.counters.deadLetterFailures += 1
                }
                return nil
            }
            state.counters.decoded += 1
            switch state.sequences.observe(source: envelope.source, topic: message.topic, sequence: envelope.sequence) {
            case .first, .inOrder: break
            case .gap(let missing):
                state.counters.gaps += 1
                state.counters.missing += missing
            case .restart: state.counters.restarts += 1
            case .stale: state.counters.stale += 1
            }
            return envelope
        }
    }

    /// The next event on a subscription, skipping bad messages, waiting up to `timeoutMilliseconds`
    /// in all; nil on timeout or when the subscription is closed and drained.
    public func next(from subscription: BusSubscription, timeoutMilliseconds: Int) -> (
        topic: String, event: EventEnvelope
    )? {
        let deadline = ConditionLock.deadline(afterMilliseconds: timeoutMilliseconds)
        while true {
            let now = SystemClock().monotonicNanoseconds()
            let left = deadline > now ? Int((deadline - now) / 1_000_000) : 0
            guard let message = subscription.next(timeoutMilliseconds: left) else { return nil }
            if let event = decode(message) { return (message.topic, event) }
        }
    }
}
