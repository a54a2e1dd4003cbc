import Dispatch
import NjordCore

#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT and SIGTERM as a stop request for a long-running command (`bus tail`, `md ingest`): the
/// signals are unblocked (children of Swift processes inherit a blocked mask), their default action
/// replaced by dispatch sources, and a stop that arrives before its action is registered still runs it.
public final class StopSignals: @unchecked Sendable {
    private let lock = Mutex()
    private var stopped = false
    private var actions: [@Sendable () -> Void] = []
    private var sources: [any DispatchSourceSignal] = []

    /// Installs the handlers; do it before anything a signal could interrupt.
    public init() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.stop() }
            source.resume()
            sources.append(source)
        }
    }

    deinit { for source in sources { source.cancel() } }

    /// Requests the stop and runs the registered actions.
    public func stop() {
        let run = lock.withLock { () -> [@Sendable () -> Void] in
            stopped = true
            return actions
        }
        for action in run { action() }
    }

    public var isStopped: Bool { lock.withLock { stopped } }

    /// Runs `action` on stop (at once when the stop already came).
    public func onStop(_ action: @escaping @Sendable () -> Void) {
        let already = lock.withLock { () -> Bool in
            actions.append(action)
            return stopped
        }
        if already { action() }
    }
}
