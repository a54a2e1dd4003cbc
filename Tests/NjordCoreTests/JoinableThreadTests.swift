import NjordCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct JoinableThreadTests {
    /// The body runs on another thread, and `join` returns only after it has returned.
    @Test func joinReturnsAfterTheBodyOnAnotherThread() throws {
        let caller = pthread_self()
        let seen = ConditionLock()
        nonisolated(unsafe) var ranElsewhere = false
        nonisolated(unsafe) var finished = false
        let thread = try #require(
            JoinableThread.start {
                ranElsewhere = pthread_equal(pthread_self(), caller) == 0
                usleep(20_000)  // the join must wait for this, not find the body done by chance
                seen.withLock { finished = true }
            })
        thread.join()
        #expect(seen.withLock { finished })
        #expect(ranElsewhere)
    }

    /// A body that stops its own owner joins its own thread: that returns at once instead of
    /// failing or hanging.
    @Test func joiningFromTheThreadItselfReturnsAtOnce() throws {
        let done = ConditionLock()
        nonisolated(unsafe) var slot: JoinableThread?
        nonisolated(unsafe) var returned = false
        done.withLock {
            slot = JoinableThread.start {
                let own = done.withLock { slot }
                own?.join()
                done.withLock {
                    returned = true
                    done.broadcast()
                }
            }
        }
        let thread = try #require(slot)
        let deadline = ConditionLock.deadline(afterMilliseconds: 5_000)
        done.withLock {
            while !returned { if !done.wait(until: deadline) { break } }
        }
        #expect(done.withLock { returned })
        thread.join()
    }

    /// What the closure captures lives as long as the thread needs it, and is released after.
    @Test func theThreadHoldsWhatItsBodyCapturesUntilItEnds() throws {
        final class Token {}
        weak var weakToken: Token?
        var thread: JoinableThread?
        do {
            let token = Token()
            weakToken = token
            thread = JoinableThread.start {
                usleep(20_000)
                _ = token
            }
        }
        #expect(weakToken != nil, "released while the thread still needed it")
        try #require(thread).join()
        #expect(weakToken == nil, "kept after the thread ended")
    }
}
