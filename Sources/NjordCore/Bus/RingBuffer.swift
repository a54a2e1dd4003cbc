/// A fixed-capacity FIFO that overwrites its oldest element when full: bounded memory for
/// subscriptions, tapes and charts whatever the message rate.
public struct RingBuffer<Element> {
    private var storage: [Element?]
    private var head = 0
    public private(set) var count = 0

    public init(capacity: Int) {
        precondition(capacity > 0, "a ring buffer needs room for one element")
        storage = Array(repeating: nil, count: capacity)
    }

    public var capacity: Int { storage.count }
    public var isEmpty: Bool { count == 0 }

    /// Appends; returns the element pushed out when the buffer was full.
    @discardableResult
    public mutating func append(_ element: Element) -> Element? {
        let tail = (head + count) % storage.count
        if count == storage.count {
            let evicted = storage[head]
            storage[head] = element
            head = (head + 1) % storage.count
            return evicted
        }
        storage[tail] = element
        count += 1
        return nil
    }

    public mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = storage[head]
        storage[head] = nil
        head = (head + 1) % storage.count
        count -= 1
        return element
    }

    /// Oldest first.
    public var elements: [Element] {
        (0..<count).map { storage[(head + $0) % storage.count]! }
    }
}

extension RingBuffer: Sendable where Element: Sendable {}
