/// Keeps only the newest message of each topic: for a consumer that wants where a price is now,
/// not how it got there (the risk engine's marks).
///
/// Fed on the bus's delivery thread (``MessageBus/subscribe(_:handler:)``), so a burst of market
/// data costs the consumer nothing until it looks: ``take()`` hands over at most one message per
/// topic however many arrived, where a queue would make it free and skip thousands at 10k events/s
/// on the thread that decides orders.
public final class LatestMessageByTopic: @unchecked Sendable {
    private let lock = Mutex()
    private var latest: [String: BusMessage] = [:]
    private var received = 0

    public init() {}

    /// Replaces the topic's message; called on the delivery thread.
    public func push(_ message: BusMessage) {
        let replaced = lock.withLock {
            received += 1
            return latest.updateValue(message, forKey: message.topic)
        }
        // Freed outside the lock: the consumer never waits on a deallocation.
        _ = consume replaced
    }

    /// The newest message of every topic that had one since the last call (in no particular order),
    /// and how many messages arrived in all, superseded ones included.
    public func take() -> (messages: [BusMessage], received: Int) {
        let (taken, count) = lock.withLock {
            defer {
                latest.removeAll(keepingCapacity: true)
                received = 0
            }
            return (Array(latest.values), received)
        }
        return (taken, count)
    }
}
