/// Messages of a subscription, buffered in a bounded queue between the bus and its consumer.
///
/// The buffer is bounded so that a slow consumer cannot grow memory without limit: when full, the
/// oldest message is dropped and counted (pub/sub is at-most-once; the consumer sees the gap in the
/// envelopes' sequence numbers). Safe to use from two threads: the bus delivers, one consumer reads.
public final class BusSubscription: @unchecked Sendable {
    public let subscriptions: [Subscription]
    private let condition = ConditionLock()
    private var buffer: RingBuffer<BusMessage>
    private var isClosed = false
    private var droppedCount = 0
    private let onClose: @Sendable () -> Void
    private let handler: (@Sendable (BusMessage) -> Void)?

    /// - Parameter handler: when given, messages go to it on the delivery thread instead of the queue.
    public init(
        subscriptions: [Subscription], capacity: Int = 65_536, handler: (@Sendable (BusMessage) -> Void)? = nil,
        onClose: @escaping @Sendable () -> Void = {}
    ) {
        self.subscriptions = subscriptions
        self.buffer = RingBuffer(capacity: handler == nil ? capacity : 1)
        self.handler = handler
        self.onClose = onClose
    }

    /// Called by the bus: hands the message to the handler, or queues it, dropping the oldest when
    /// the buffer is full.
    public func deliver(_ message: BusMessage) {
        if let handler {
            if !closed { handler(message) }
            return
        }
        let queued = condition.withLock {
            guard !isClosed else { return false }
            if buffer.append(message) != nil { droppedCount += 1 }
            return true
        }
        // Signalled after the unlock: a waiter woken under the lock would at once block on it again.
        if queued { condition.signal() }
    }

    /// Delivers a burst under one lock acquisition.
    public func deliver(batch messages: some Sequence<BusMessage>) {
        if let handler {
            for m in messages where !closed { handler(m) }
            return
        }
        let queued = condition.withLock {
            guard !isClosed else { return false }
            for m in messages where buffer.append(m) != nil { droppedCount += 1 }
            return true
        }
        if queued { condition.signal() }
    }

    /// The next message, waiting up to `timeoutMilliseconds`; nil on timeout or when closed and drained.
    public func next(timeoutMilliseconds: Int) -> BusMessage? {
        condition.withLock {
            if buffer.isEmpty, !isClosed, timeoutMilliseconds > 0 {
                let deadline = ConditionLock.deadline(afterMilliseconds: timeoutMilliseconds)
                while buffer.isEmpty, !isClosed {
                    if !condition.wait(until: deadline) { break }
                }
            }
            return buffer.popFirst()
        }
    }

    /// Everything buffered now, without waiting.
    public func drain() -> [BusMessage] {
        condition.withLock {
            var all: [BusMessage] = []
            while let m = buffer.popFirst() { all.append(m) }
            return all
        }
    }

    /// Messages dropped because the consumer fell behind.
    public var dropped: Int { condition.withLock { droppedCount } }

    /// Whether the subscription listens to `topic`, and through which pattern.
    public func matches(topic: String) -> (Bool, pattern: String?) {
        for s in subscriptions {
            switch s {
            case .topic(let t) where t == topic: return (true, nil)
            case .pattern(let p) where GlobPattern.matches(p, topic): return (true, p)
            default: continue
            }
        }
        return (false, nil)
    }

    /// Stops delivery and wakes a waiting reader. Idempotent.
    public func close() {
        let wasOpen = condition.withLock {
            let wasOpen = !isClosed
            isClosed = true
            condition.broadcast()
            return wasOpen
        }
        if wasOpen { onClose() }
    }

    public var closed: Bool { condition.withLock { isClosed } }

    deinit { if !isClosed { onClose() } }
}
