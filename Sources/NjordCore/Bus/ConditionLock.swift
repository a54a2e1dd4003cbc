#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A mutex with a condition variable, for the blocking waits of buses and queues.
/// Deadlines are on `CLOCK_MONOTONIC`, so wall-clock jumps do not stretch or cut a wait.
public final class ConditionLock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var cond = pthread_cond_t()

    public init() {
        pthread_mutex_init(&mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(&cond, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(&cond)
        pthread_mutex_destroy(&mutex)
    }

    @inline(__always)
    public func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }

    /// Wakes one waiter. Call it after changing the waited-for state under the lock, with the lock
    /// held or just after releasing it (then the woken waiter need not block on the mutex at once).
    public func signal() { pthread_cond_signal(&cond) }
    /// Wakes every waiter; call with the lock held.
    public func broadcast() { pthread_cond_broadcast(&cond) }

    /// Waits (lock held) until signalled or the deadline (monotonic nanoseconds, as
    /// ``deadline(afterMilliseconds:)`` gives); false when the deadline passed.
    public func wait(until deadlineNanoseconds: UInt64) -> Bool {
        var d = timespec(
            tv_sec: Int(deadlineNanoseconds / 1_000_000_000), tv_nsec: Int(deadlineNanoseconds % 1_000_000_000))
        return pthread_cond_timedwait(&cond, &mutex, &d) == 0
    }

    /// A monotonic deadline `milliseconds` from now, in nanoseconds.
    public static func deadline(afterMilliseconds milliseconds: Int) -> UInt64 {
        SystemClock().monotonicNanoseconds() + UInt64(max(0, milliseconds)) * 1_000_000
    }
}
