import NjordCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How `JournalReader.follow` waits once it has read everything there is. Injected so tests drive
/// following step by step without sleeping.
public protocol JournalWaitStrategy: AnyObject {
    /// Called each time the reader has caught up; returns false to stop following.
    func waitForMoreData() throws -> Bool
}

/// Polls: sleeps a fixed interval between looks, forever (or until `stop()` is called).
public final class PollingWait: JournalWaitStrategy, @unchecked Sendable {
    private let intervalNanoseconds: Int
    private let lock = NjordCore.Mutex()
    private var stopped = false

    public init(intervalNanoseconds: Int = 100_000_000) { self.intervalNanoseconds = intervalNanoseconds }

    /// Makes the next wait return false.
    public func stop() { lock.withLock { stopped = true } }

    public func waitForMoreData() throws -> Bool {
        if lock.withLock({ stopped }) { return false }
        var ts = timespec(
            tv_sec: intervalNanoseconds / 1_000_000_000, tv_nsec: intervalNanoseconds % 1_000_000_000)
        var remaining = timespec()
        while nanosleep(&ts, &remaining) != 0 && errno == EINTR { ts = remaining }
        return !lock.withLock { stopped }
    }
}
