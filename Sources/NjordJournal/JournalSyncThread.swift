import NjordCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// fdatasyncs a `.writeThrough` journal off its writer's thread, so that no message waits behind a
/// sync: the writer hands over a duplicate of its descriptor and the sequence number written so
/// far; this thread syncs, closes the duplicate and records the sequence as durable. A request made
/// while a sync runs waits for the next one (a newer request replaces an older waiting one: one
/// sync covers both). A failed sync is kept for the writer, which then refuses to go on.
final class JournalSyncThread: @unchecked Sendable {  // every field below is guarded by `condition`
    private struct Request {
        var fd: Int32
        var sequence: UInt64
        var path: String
    }

    private let condition = ConditionLock()
    private var waiting: Request?
    private var completed: UInt64 = 0
    private var failed: JournalError?
    private var stopping = false
    private var thread: JoinableThread?

    /// The highest sequence number a completed sync covers.
    var durableSequence: UInt64 { condition.withLock { completed } }

    /// The first sync that failed, if any.
    var failure: JournalError? { condition.withLock { failed } }

    /// Asks for `fd` (a duplicate the thread closes) to be synced; records up to `sequence` are then durable.
    func request(fd: Int32, upTo sequence: UInt64, path: String) {
        condition.withLock {
            if let superseded = waiting { Posix.close(superseded.fd) }
            waiting = Request(fd: fd, sequence: sequence, path: path)
            if thread == nil { thread = start() }
            condition.signal()
        }
    }

    /// Waits until every requested sync has run, then ends the thread. Idempotent.
    func stop() {
        let running = condition.withLock {
            stopping = true
            condition.broadcast()
            let running = thread
            thread = nil
            return running
        }
        running?.join()
    }

    private func start() -> JoinableThread {
        // The thread holds this syncer until it ends, which `stop()` waits for.
        JoinableThread.mustStart("the journal's syncs") { self.run() }
    }

    private func run() {
        while true {
            let next: Request? = condition.withLock {
                while waiting == nil && !stopping {
                    _ = condition.wait(until: ConditionLock.deadline(afterMilliseconds: 1_000))
                }
                let next = waiting
                waiting = nil
                return next
            }
            guard let next else { return }
            var problem: JournalError?
            do { try Posix.syncData(next.fd, path: next.path) } catch let failure as JournalError {
                problem = failure
            } catch {
                problem = .system(call: "fdatasync", path: next.path, errno: EIO)
            }
            Posix.close(next.fd)
            condition.withLock {
                if let problem {
                    if failed == nil { failed = problem }
                } else {
                    completed = max(completed, next.sequence)
                }
                condition.broadcast()
            }
        }
    }
}
