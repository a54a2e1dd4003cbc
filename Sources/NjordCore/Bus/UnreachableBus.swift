/// A bus that could not be reached at all (the Redis bus refuses to start without a first
/// connection): every call fails with ``BusError/disconnected(_:)`` carrying why. Lets a tool that
/// must still act without the bus — `njord killswitch trip` writing the local file, `status`
/// failing closed — run the same code path as with a live bus.
public final class UnreachableBus: MessageBus, @unchecked Sendable {
    public let reason: String

    public init(reason: String) { self.reason = reason }

    public func publish(_ payload: [UInt8], on topic: String) throws(BusError) { throw .disconnected(reason) }

    public func publish(batch: [BusMessage]) throws(BusError) { throw .disconnected(reason) }

    public func subscribe(_ subscriptions: [Subscription]) throws(BusError) -> BusSubscription {
        throw .disconnected(reason)
    }

    public func subscribe(
        _ subscriptions: [Subscription], handler: @escaping @Sendable (BusMessage) -> Void
    ) throws(BusError) -> BusSubscription {
        throw .disconnected(reason)
    }

    public func append(_ payload: [UInt8], to stream: String) throws(BusError) -> StreamEntryID {
        throw .disconnected(reason)
    }

    public func append(contentsOf payloads: [[UInt8]], to stream: String) throws(BusError) -> [StreamEntryID] {
        throw .disconnected(reason)
    }

    public func createGroup(_ group: String, on stream: String) throws(BusError) { throw .disconnected(reason) }

    public func readGroup(
        stream: String, group: String, consumer: String, count: Int, blockMilliseconds: Int
    ) throws(BusError) -> [StreamEntry] {
        throw .disconnected(reason)
    }

    public func acknowledge(_ ids: [StreamEntryID], stream: String, group: String) throws(BusError) {
        throw .disconnected(reason)
    }

    public func claimIdle(
        stream: String, group: String, consumer: String, minIdleMilliseconds: Int, count: Int
    ) throws(BusError) -> [StreamEntry] {
        throw .disconnected(reason)
    }

    public func pendingCount(stream: String, group: String) throws(BusError) -> Int { throw .disconnected(reason) }

    public func length(of stream: String) throws(BusError) -> Int { throw .disconnected(reason) }

    public func value(forKey key: String) throws(BusError) -> [UInt8]? { throw .disconnected(reason) }

    public func setValue(_ value: [UInt8], forKey key: String) throws(BusError) { throw .disconnected(reason) }

    public func deleteValue(forKey key: String) throws(BusError) { throw .disconnected(reason) }

    public var status: BusStatus { BusStatus(connected: false, lastError: reason) }
}
