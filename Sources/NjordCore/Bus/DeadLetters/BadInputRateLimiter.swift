/// Lets one report per kind through per interval, counting what it holds back, so that a flood of
/// garbage (a misconfigured producer) costs a log line per interval instead of one per message.
///
/// Time comes from the injected clock's monotonic reading.
public struct BadInputRateLimiter: Sendable {
    public let intervalNanoseconds: UInt64
    private let clock: any Clock
    private var lastReported: [BadInputKind: UInt64] = [:]
    private var held: [BadInputKind: Int] = [:]

    public init(intervalNanoseconds: UInt64 = 10_000_000_000, clock: any Clock) {
        self.intervalNanoseconds = intervalNanoseconds
        self.clock = clock
    }

    /// Whether to report this occurrence now: nil to stay silent, else how many occurrences of the
    /// kind were held back since its last report.
    public mutating func admit(_ kind: BadInputKind) -> Int? {
        let now = clock.monotonicNanoseconds()
        if let last = lastReported[kind], now &- last < intervalNanoseconds {
            held[kind, default: 0] += 1
            return nil
        }
        lastReported[kind] = now
        return held.removeValue(forKey: kind) ?? 0
    }
}
