/// Exponential backoff with full jitter for reconnecting to a server: the n-th consecutive failure
/// waits a random time in [0, min(cap, base · 2^n)], so a crowd of clients that lost the same
/// server does not reconnect in lockstep. A value type: the caller owns the randomness and clock.
public struct ReconnectBackoff: Sendable {
    public let baseNanoseconds: UInt64
    public let capNanoseconds: UInt64
    public private(set) var failures = 0

    /// - Parameters:
    ///   - baseMilliseconds: the ceiling of the first wait.
    ///   - capMilliseconds: the ceiling of every wait (2 s by default, from `redis.reconnect_max_backoff_ms`).
    public init(baseMilliseconds: Int = 25, capMilliseconds: Int = 2_000) {
        precondition(baseMilliseconds > 0 && capMilliseconds >= baseMilliseconds, "backoff needs 0 < base <= cap")
        baseNanoseconds = UInt64(baseMilliseconds) * 1_000_000
        capNanoseconds = UInt64(capMilliseconds) * 1_000_000
    }

    /// The ceiling of the next wait, without jitter.
    public var currentCeilingNanoseconds: UInt64 {
        let shift = min(failures, 40)
        let (grown, overflow) = baseNanoseconds.multipliedReportingOverflow(by: UInt64(1) << UInt64(shift))
        return overflow ? capNanoseconds : min(capNanoseconds, grown)
    }

    /// Records a failure and returns how long to wait before the next attempt.
    public mutating func nextDelayNanoseconds(using random: inout some RandomNumberGenerator) -> UInt64 {
        let ceiling = currentCeilingNanoseconds
        failures += 1
        return UInt64.random(in: 0...ceiling, using: &random)
    }

    /// A success: the next failure starts from the base again.
    public mutating func reset() { failures = 0 }
}
