/// The ids of the most recently applied events, bounded: what makes an at-least-once consumer
/// idempotent. A redelivered event (a reclaimed entry, a producer's retry) is found here and
/// skipped; the oldest id is forgotten first once the window is full, so a duplicate arriving
/// after more than `capacity` newer events would pass (size the window for the redelivery horizon).
public struct EventIdWindow: Sendable {
    private var order: RingBuffer<String>
    private var members: Set<String> = []

    public init(capacity: Int = 100_000) {
        precondition(capacity > 0, "an idempotency window holds at least one id")
        order = RingBuffer(capacity: capacity)
        members.reserveCapacity(min(capacity, 1 << 16))
    }

    public var capacity: Int { order.capacity }
    public var count: Int { members.count }

    public func contains(_ id: String) -> Bool { members.contains(id) }

    /// The ids remembered, oldest first.
    public var ids: [String] { order.elements }

    /// Remembers `id`; false when it was already there (a duplicate).
    @discardableResult
    public mutating func insert(_ id: String) -> Bool {
        guard members.insert(id).inserted else { return false }
        if let evicted = order.append(id) { members.remove(evicted) }
        return true
    }
}
