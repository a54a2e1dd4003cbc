import NjordCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct JoinableThreadTests {
    /// A latch one thread opens and others wait on, with a deadline.
    final class Gate: @unchecked Sendable {  // every access holds the lock
        private let lock = ConditionLock()
        private var open = false

        func release() {
            lock.withLock {
                open = true
                lock.broadcast()
            }
        }

        /// True once released; false when `milliseconds` pass first.
        func wait(milliseconds: Int) -> Bool {
            let deadline = ConditionLock.deadline(afterMilliseconds: milliseconds)
            return lock.withLock {
                while !open { if !lock.wait(until: deadline) { return open } }
                return true
            }
        }
    }

    /// The body runs on another thread, and `join` returns only after it has returned: a joiner
    /// started while the body is held at a gate is still waiting when the gate opens, and sees the
    /// body's work done when it returns.
    @Test func joinReturnsAfterTheBodyOnAnotherThread() throws {
        let caller = pthread_self()
        let gate = Gate()
        let joined = Gate()
        nonisolated(unsafe) var ranElsewhere = false
        nonisolated(unsafe) var finished = false
        nonisolated(unsafe) var finishedWhenJoinReturned = false
        let body = try #require(
            JoinableThread.start {
                ranElsewhere = pthread_equal(pthread_self(), caller) == 0
                _ = gate.wait(milliseconds: 10_000)
                finished = true
            })
        let joiner = try #require(
            JoinableThread.start {
                body.join()
                finishedWhenJoinReturned = finished
                joined.release()
            })
        #expect(!joined.wait(milliseconds: 100), "join returned while the body was still held")
        gate.release()
        #expect(joined.wait(milliseconds: 10_000))
        joiner.join()
        #expect(finishedWhenJoinReturned)
        #expect(ranElsewhere)
    }

    /// A body that stops its own owner joins its own thread: that returns at once instead of
    /// failing or hanging.
    @Test func joiningFromTheThreadItselfReturnsAtOnce() throws {
        let lock = ConditionLock()
        let returned = Gate()
        nonisolated(unsafe) var slot: JoinableThread?
        lock.withLock {
            slot = JoinableThread.start {
                lock.withLock { slot }?.join()
                returned.release()
            }
        }
        let thread = try #require(lock.withLock { slot })
        #expect(returned.wait(milliseconds: 5_000))
        thread.join()
    }

    /// What the closure captures lives as long as the thread needs it, and is released after.
    @Test func theThreadHoldsWhatItsBodyCapturesUntilItEnds() throws {
        final class Token {}
        let gate = Gate()
        weak var weakToken: Token?
        var thread: JoinableThread?
        do {
            let token = Token()
            weakToken = token
            thread = JoinableThread.start {
                _ = gate.wait(milliseconds: 10_000)
                _ = token
            }
        }
        #expect(weakToken != nil, "released while the thread still needed it")
        gate.release()
        try #require(thread).join()
        #expect(weakToken == nil, "kept after the thread ended")
    }
}
