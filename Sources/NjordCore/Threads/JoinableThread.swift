#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A POSIX thread running one closure, joined once by its owner: the bus's subscriber, the
/// journal's sync and compression threads, the kill-switch watcher, the console's bus link. These
/// block in system calls (socket reads, `fdatasync`, condition waits) for as long as they live,
/// which a Dispatch or Swift-concurrency pool thread must not, so each gets a thread of its own.
public struct JoinableThread: @unchecked Sendable {  // a pthread_t is an id, safe to copy and join from any thread
    private let handle: pthread_t

    /// Starts `body` on a new thread, which holds the closure (and what it captures) until it
    /// returns. Nil when the system refuses a thread: the caller runs the work itself or reports it.
    public static func start(_ body: @escaping () -> Void) -> JoinableThread? {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var handle = pthread_t()
        let created = pthread_create(
            &handle, nil,
            { raw in
                Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
                return nil
            }, context)
        guard created == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
        return JoinableThread(handle: handle)
    }

    /// Starts `body` on a new thread, or stops the process naming `purpose` when the system refuses
    /// one: for the threads a component cannot work without (a bus with no subscriber thread would
    /// deliver nothing, silently).
    public static func mustStart(_ purpose: String, _ body: @escaping () -> Void) -> JoinableThread {
        guard let thread = start(body) else { preconditionFailure("no thread for \(purpose)") }
        return thread
    }

    /// Waits for the thread to end. Called on the thread itself (its body stopped its own owner),
    /// it returns at once: a thread cannot wait for its own end.
    public func join() {
        guard pthread_equal(handle, pthread_self()) == 0 else { return }
        pthread_join(handle, nil)
    }

    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }
}
