/// Consumes one durable stream in a consumer group, at least once and idempotently, through any
/// ``MessageBus``.
///
/// Each round (``process(_:)``) reads a batch for this consumer, decodes every entry as an
/// ``EventEnvelope`` and hands each new event to the handler; the batch is acknowledged after the
/// handler returned for its events (a crash before the acknowledgement means redelivery, never
/// loss). Entries that do not decode are dead-lettered (``DeadLetterWriter``) and acknowledged, so
/// garbage is never redelivered forever. Events whose id is in the window of recently applied ids
/// are acknowledged without reaching the handler (redeliveries and producer retries). Every
/// `claimIntervalMilliseconds` of the injected clock, and before the first read, the consumer
/// takes over entries other consumers of the group left pending for `claimIdleMilliseconds` (they
/// died) and processes them the same way.
///
/// One thread processes at a time; ``counters`` may be read from any thread (heartbeats).
public final class EventStreamConsumer: @unchecked Sendable {
    public struct Options: Sendable {
        public var stream: String
        public var group: String
        /// This consumer's name in the group; unique per live process.
        public var consumer: String
        /// Entries read or claimed per round.
        public var batchSize: Int
        /// How long a round waits for new entries.
        public var blockMilliseconds: Int
        /// How long an entry must have been pending before it is taken from another consumer.
        public var claimIdleMilliseconds: Int
        /// How often (injected clock) pending entries of dead consumers are looked for.
        public var claimIntervalMilliseconds: Int
        /// Applied ids remembered for idempotency.
        public var idempotencyWindow: Int
        /// At most one bad-input report per kind per this interval.
        public var reportIntervalNanoseconds: UInt64

        public init(
            stream: String, group: String, consumer: String, batchSize: Int = 100, blockMilliseconds: Int = 1_000,
            claimIdleMilliseconds: Int = 30_000, claimIntervalMilliseconds: Int = 5_000,
            idempotencyWindow: Int = 100_000, reportIntervalNanoseconds: UInt64 = 10_000_000_000
        ) {
            self.stream = stream
            self.group = group
            self.consumer = consumer
            self.batchSize = batchSize
            self.blockMilliseconds = blockMilliseconds
            self.claimIdleMilliseconds = claimIdleMilliseconds
            self.claimIntervalMilliseconds = claimIntervalMilliseconds
            self.idempotencyWindow = idempotencyWindow
            self.reportIntervalNanoseconds = reportIntervalNanoseconds
        }
    }

    /// What the consumer did, since it was made.
    public struct Counters: Equatable, Sendable {
        /// Entries read or claimed.
        public var received = 0
        /// Events the handler applied.
        public var applied = 0
        /// Events skipped because their id was already applied.
        public var duplicates = 0
        /// Entries that did not decode, copied to the dead-letter stream.
        public var deadLettered = 0
        /// Entries taken over from other consumers' pending lists.
        public var claimed = 0
        /// Handler calls that threw (the entry stays pending and is retried later).
        public var handlerFailures = 0

        public init() {}

        /// The counters under the names heartbeats use.
        public var heartbeatCounters: [String: Int64] {
            [
                "received": Int64(received), "applied": Int64(applied), "duplicates": Int64(duplicates),
                "dead_lettered": Int64(deadLettered), "claimed": Int64(claimed),
                "handler_failures": Int64(handlerFailures),
            ]
        }
    }

    private struct State {
        var window: EventIdWindow
        var counters = Counters()
        var deadLetters: DeadLetterWriter
        var lastClaimAt: UInt64?
        var lastClaimWasFull = false
    }

    public let options: Options
    private let bus: any MessageBus
    private let clock: any Clock
    private let lock = Mutex()
    private var state: State

    /// - Parameter report: receives bad-input reports, rate limited (log them).
    public init(
        bus: any MessageBus, options: Options, clock: any Clock = SystemClock(),
        report: @escaping @Sendable (BadInputReport) -> Void = { _ in }
    ) {
        self.bus = bus
        self.options = options
        self.clock = clock
        state = State(
            window: EventIdWindow(capacity: options.idempotencyWindow),
            deadLetters: DeadLetterWriter(
                bus: bus, consumer: "\(options.group)/\(options.consumer)", clock: clock,
                reportIntervalNanoseconds: options.reportIntervalNanoseconds, report: report))
    }

    /// Creates the group (from the stream's start) when it does not exist.
    public func start() throws(BusError) {
        try bus.createGroup(options.group, on: options.stream)
    }

    /// Marks ids as applied already, from the service's own durable state (its journal), so that
    /// entries it applied before a crash but never acknowledged are not applied again.
    public func seedApplied(_ ids: some Sequence<String>) {
        lock.withLock { for id in ids { state.window.insert(id) } }
    }

    public var counters: Counters { lock.withLock { state.counters } }

    /// Messages rejected, by kind.
    public var deadLetteredByKind: [BadInputKind: Int] { lock.withLock { state.deadLetters.rejectedByKind } }

    /// One round: claims dead consumers' entries when due, else reads new ones (waiting up to
    /// `blockMilliseconds`), and handles them. Returns the number of entries handled.
    ///
    /// Throws a ``BusError`` when the bus fails, or the handler's error; entries handled before the
    /// failure are acknowledged, the rest stay pending and come back through claiming.
    @discardableResult
    public func process(_ handler: (EventEnvelope) throws -> Void) throws -> Int {
        try process(blockMilliseconds: nil, handler)
    }

    /// ``process(_:)`` waiting up to `blockMilliseconds` instead of the options' (nil: the options').
    @discardableResult
    public func process(blockMilliseconds: Int?, _ handler: (EventEnvelope) throws -> Void) throws -> Int {
        if claimIsDue() {
            let claimed = try bus.claimIdle(
                stream: options.stream, group: options.group, consumer: options.consumer,
                minIdleMilliseconds: options.claimIdleMilliseconds, count: options.batchSize)
            lock.withLock {
                state.lastClaimAt = clock.monotonicNanoseconds()
                state.lastClaimWasFull = claimed.count >= options.batchSize
                state.counters.claimed += claimed.count
            }
            if !claimed.isEmpty {
                try handle(claimed, handler)
                return claimed.count
            }
        }
        let entries = try bus.readGroup(
            stream: options.stream, group: options.group, consumer: options.consumer, count: options.batchSize,
            blockMilliseconds: blockMilliseconds ?? options.blockMilliseconds)
        try handle(entries, handler)
        return entries.count
    }

    private func claimIsDue() -> Bool {
        lock.withLock {
            guard let last = state.lastClaimAt, !state.lastClaimWasFull else { return true }
            return clock.monotonicNanoseconds() &- last >= UInt64(options.claimIntervalMilliseconds) * 1_000_000
        }
    }

    private func handle(_ entries: [StreamEntry], _ handler: (EventEnvelope) throws -> Void) throws {
        var done: [StreamEntryID] = []
        done.reserveCapacity(entries.count)
        do {
            for entry in entries {
                lock.withLock { state.counters.received += 1 }
                let envelope: EventEnvelope
                do {
                    envelope = try EventEnvelope(json: entry.payload)
                } catch {
                    try lock.withLock { () throws(BusError) in
                        try state.deadLetters.reject(entry.payload, origin: options.stream, error: error)
                        state.counters.deadLettered += 1
                    }
                    done.append(entry.id)
                    continue
                }
                let seen = lock.withLock { state.window.contains(envelope.id) }
                if seen {
                    lock.withLock { state.counters.duplicates += 1 }
                    done.append(entry.id)
                    continue
                }
                do {
                    try handler(envelope)
                } catch {
                    lock.withLock { state.counters.handlerFailures += 1 }
                    throw error
                }
                lock.withLock {
                    state.window.insert(envelope.id)
                    state.counters.applied += 1
                }
                done.append(entry.id)
            }
        } catch {
            try? bus.acknowledge(done, stream: options.stream, group: options.group)
            throw error
        }
        try bus.acknowledge(done, stream: options.stream, group: options.group)
    }
}
