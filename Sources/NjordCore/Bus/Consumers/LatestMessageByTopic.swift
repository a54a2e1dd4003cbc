/// Keeps only the newest message of each topic: for a consumer that wants where a price is now,
/// not how it got there (the risk engine's marks).
///
/// Fed on the bus's delivery thread (``MessageBus/subscribe(_:handler:)``), so a burst of market
/// data costs the consumer nothing until it looks: ``take()`` hands over at most one message per
/// topic however many arrived. With a queue, the thread that decides orders would first free (and
/// skip) thousands of superseded messages at 10k events/s.
public final class LatestMessageByTopic: @unchecked Sendable {
    private let lock = Mutex()
    private var latest: [String: BusMessage] = [:]
    private var received = 0

    public init() {}

    /// Replaces the topic's message; called on the delivery thread.
    public func push(_ message: BusMessage) {
        // The replaced message is returned and dropped here, after the unlock: the consumer never
        // waits on a deallocation.
        _ = lock.withLock {
            received += 1
            return latest.updateValue(message, forKey: message.topic)
        }
    }

    /// The newest message of every topic that had one since the last call (in no particular order),
    /// and how many messages arrived in all, superseded ones included.
    public func take() -> (messages: [BusMessage], received: Int) {
        lock.withLock {
            defer {
                latest.removeAll(keepingCapacity: true)
                received = 0
            }
            return (Array(latest.values), received)
        }
    }
}
