/// The bus inside one process: backtests and single-process tools. Same semantics as the Redis
/// bus where they overlap (see ``MessageBus``), with time for stream ids and idle times taken from
/// an injected ``Clock``, so that a backtest's streams are deterministic.
public final class InProcessBus: MessageBus, @unchecked Sendable {
    private let clock: any Clock
    private let streamMaxLength: Int
    private let subscriptionCapacity: Int
    private let condition = ConditionLock()
    private var subscriptions: [ObjectIdentifier: BusSubscription] = [:]
    private var streams: [String: StreamLog] = [:]
    private var keys: [String: [UInt8]] = [:]
    private var counters = BusStatus(connected: true)

    /// - Parameters:
    ///   - streamMaxLength: the cap of every stream; the oldest entries go first (`MAXLEN`).
    ///   - subscriptionCapacity: messages buffered per subscription before the oldest is dropped.
    public init(clock: any Clock = SystemClock(), streamMaxLength: Int = 1_000_000, subscriptionCapacity: Int = 65_536)
    {
        self.clock = clock
        self.streamMaxLength = streamMaxLength
        self.subscriptionCapacity = subscriptionCapacity
    }

    // MARK: Topics

    public func publish(_ payload: [UInt8], on topic: String) throws(BusError) {
        guard !topic.isEmpty else { throw .invalidName(topic) }
        let targets = condition.withLock {
            counters.messagesOut += 1
            return Array(subscriptions.values)
        }
        for subscription in targets {
            let (matches, pattern) = subscription.matches(topic: topic)
            if matches {
                subscription.deliver(BusMessage(topic: topic, payload: payload, pattern: pattern))
                condition.withLock { counters.messagesIn += 1 }
            }
        }
    }

    public func subscribe(_ subscriptions: [Subscription]) throws(BusError) -> BusSubscription {
        try subscribe(subscriptions, handler: nil)
    }

    public func subscribe(
        _ subscriptions: [Subscription], handler: @escaping @Sendable (BusMessage) -> Void
    ) throws(BusError) -> BusSubscription {
        try subscribe(subscriptions, handler: Optional(handler))
    }

    private func subscribe(
        _ subscriptions: [Subscription], handler: (@Sendable (BusMessage) -> Void)?
    ) throws(BusError) -> BusSubscription {
        for case .topic(let t) in subscriptions where t.isEmpty { throw .invalidName(t) }
        let box = WeakBox()
        let subscription = BusSubscription(
            subscriptions: subscriptions, capacity: subscriptionCapacity, handler: handler
        ) {
            [weak self] in
            guard let self, let id = box.id else { return }
            self.condition.withLock { _ = self.subscriptions.removeValue(forKey: id) }
        }
        let id = ObjectIdentifier(subscription)
        box.id = id
        condition.withLock { self.subscriptions[id] = subscription }
        return subscription
    }

    // MARK: Streams

    @discardableResult
    public func append(_ payload: [UInt8], to stream: String) throws(BusError) -> StreamEntryID {
        guard !stream.isEmpty else { throw .invalidName(stream) }
        let nowMs = UInt64(max(0, clock.now().nanosecondsSinceEpoch / 1_000_000))
        return condition.withLock {
            var log = streams[stream] ?? StreamLog()
            let id = log.append(payload, nowMilliseconds: nowMs, maxLength: streamMaxLength)
            streams[stream] = log
            counters.messagesOut += 1
            condition.broadcast()
            return id
        }
    }

    @discardableResult
    public func append(contentsOf payloads: [[UInt8]], to stream: String) throws(BusError) -> [StreamEntryID] {
        var ids: [StreamEntryID] = []
        ids.reserveCapacity(payloads.count)
        for payload in payloads { ids.append(try append(payload, to: stream)) }
        return ids
    }

    public func createGroup(_ group: String, on stream: String) throws(BusError) {
        guard !group.isEmpty else { throw .invalidName(group) }
        condition.withLock {
            var log = streams[stream] ?? StreamLog()
            if log.groups[group] == nil { log.groups[group] = ConsumerGroup() }
            streams[stream] = log
        }
    }

    public func readGroup(
        stream: String, group: String, consumer: String, count: Int, blockMilliseconds: Int
    ) throws(BusError) -> [StreamEntry] {
        let deadline = ConditionLock.deadline(afterMilliseconds: blockMilliseconds)
        let now = { self.clock.monotonicNanoseconds() }
        let result: Result<[StreamEntry], BusError> = condition.withLock {
            while true {
                guard var log = streams[stream], log.groups[group] != nil else {
                    return .failure(.rejected("NOGROUP no such consumer group '\(group)' for stream '\(stream)'"))
                }
                let entries = log.deliverNew(group: group, consumer: consumer, count: count, at: now())
                streams[stream] = log
                if !entries.isEmpty || blockMilliseconds <= 0 {
                    counters.messagesIn += entries.count
                    return .success(entries)
                }
                if !condition.wait(until: deadline) { return .success([]) }
            }
        }
        return try result.get()
    }

    public func acknowledge(_ ids: [StreamEntryID], stream: String, group: String) throws(BusError) {
        condition.withLock {
            for id in ids { streams[stream]?.groups[group]?.pending.removeValue(forKey: id) }
        }
    }

    public func claimIdle(
        stream: String, group: String, consumer: String, minIdleMilliseconds: Int, count: Int
    ) throws(BusError) -> [StreamEntry] {
        let now = clock.monotonicNanoseconds()
        let result: Result<[StreamEntry], BusError> = condition.withLock {
            guard var log = streams[stream], log.groups[group] != nil else {
                return .failure(.rejected("NOGROUP no such consumer group '\(group)' for stream '\(stream)'"))
            }
            let claimed = log.claimIdle(
                group: group, consumer: consumer, minIdleNanoseconds: UInt64(minIdleMilliseconds) * 1_000_000,
                count: count, at: now)
            streams[stream] = log
            return .success(claimed)
        }
        return try result.get()
    }

    public func pendingCount(stream: String, group: String) throws(BusError) -> Int {
        condition.withLock { streams[stream]?.groups[group]?.pending.count ?? 0 }
    }

    public func length(of stream: String) throws(BusError) -> Int {
        condition.withLock { streams[stream]?.entries.count ?? 0 }
    }

    // MARK: Keys

    public func value(forKey key: String) throws(BusError) -> [UInt8]? { condition.withLock { keys[key] } }

    public func setValue(_ value: [UInt8], forKey key: String) throws(BusError) {
        guard !key.isEmpty else { throw .invalidName(key) }
        condition.withLock { keys[key] = value }
    }

    public func deleteValue(forKey key: String) throws(BusError) {
        condition.withLock { _ = keys.removeValue(forKey: key) }
    }

    public var status: BusStatus {
        condition.withLock {
            var s = counters
            s.dropped = subscriptions.values.reduce(0) { $0 + $1.dropped }
            return s
        }
    }
}

private final class WeakBox: @unchecked Sendable {
    var id: ObjectIdentifier?
}

/// One stream: its entries in id order and its consumer groups.
struct StreamLog {
    var entries: [(id: StreamEntryID, payload: [UInt8])] = []
    var firstIndexOffset = 0  // entries trimmed from the front, so group cursors stay valid
    var lastID = StreamEntryID(milliseconds: 0, sequence: 0)
    var groups: [String: ConsumerGroup] = [:]

    /// Appends with a Redis-style id: the clock's millisecond, or the last id's plus one sequence.
    mutating func append(_ payload: [UInt8], nowMilliseconds: UInt64, maxLength: Int) -> StreamEntryID {
        let id =
            nowMilliseconds > lastID.milliseconds
            ? StreamEntryID(milliseconds: nowMilliseconds, sequence: 0)
            : StreamEntryID(milliseconds: lastID.milliseconds, sequence: lastID.sequence + 1)
        lastID = id
        entries.append((id, payload))
        if entries.count > maxLength {
            let excess = entries.count - maxLength
            let trimmed = Set(entries.prefix(excess).map(\.id))
            entries.removeFirst(excess)
            firstIndexOffset += excess
            // Redis drops trimmed entries from the pending lists when they are claimed; dropping
            // them at once is the same to every observer (they can no longer be read).
            for name in groups.keys {
                groups[name]!.pending = groups[name]!.pending.filter { !trimmed.contains($0.key) }
            }
        }
        return id
    }

    mutating func deliverNew(group: String, consumer: String, count: Int, at now: UInt64) -> [StreamEntry] {
        guard var g = groups[group] else { return [] }
        var out: [StreamEntry] = []
        var index = max(g.nextIndex - firstIndexOffset, 0)
        while index < entries.count, out.count < count {
            let e = entries[index]
            g.pending[e.id] = PendingEntry(consumer: consumer, deliveredAt: now, deliveries: 1)
            out.append(StreamEntry(id: e.id, payload: e.payload))
            index += 1
        }
        g.nextIndex = index + firstIndexOffset
        groups[group] = g
        return out
    }

    mutating func claimIdle(group: String, consumer: String, minIdleNanoseconds: UInt64, count: Int, at now: UInt64)
        -> [StreamEntry]
    {
        guard var g = groups[group] else { return [] }
        var out: [StreamEntry] = []
        for id in g.pending.keys.sorted() where out.count < count {
            let p = g.pending[id]!
            guard now &- p.deliveredAt >= minIdleNanoseconds else { continue }
            guard let e = entries.first(where: { $0.id == id }) else {
                g.pending.removeValue(forKey: id)
                continue
            }
            g.pending[id] = PendingEntry(consumer: consumer, deliveredAt: now, deliveries: p.deliveries + 1)
            out.append(StreamEntry(id: id, payload: e.payload))
        }
        groups[group] = g
        return out
    }
}

struct ConsumerGroup {
    /// Absolute index (counting trimmed entries) of the next entry never delivered to the group.
    var nextIndex = 0
    var pending: [StreamEntryID: PendingEntry] = [:]
}

struct PendingEntry {
    var consumer: String
    var deliveredAt: UInt64
    var deliveries: Int
}
