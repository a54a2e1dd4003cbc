public import NjordCore

/// Events per second: the count of the last whole second, from a running count per second.
public struct RateMeter: Hashable, Sendable {
    private var second: Int64 = .min
    private var count = 0
    public private(set) var lastSecondCount = 0

    public init() {}

    public mutating func record(at time: Timestamp) {
        roll(to: time)
        count += 1
    }

    /// The rate as of `time`: 0 once a whole second passed without events.
    public func rate(at time: Timestamp) -> Int {
        let now = time.nanosecondsSinceEpoch / 1_000_000_000
        if now == second { return lastSecondCount }
        if now == second + 1 { return count }
        return 0
    }

    private mutating func roll(to time: Timestamp) {
        let now = time.nanosecondsSinceEpoch / 1_000_000_000
        guard now != second else { return }
        lastSecondCount = now == second + 1 ? count : 0
        second = now
        count = 0
    }
}
