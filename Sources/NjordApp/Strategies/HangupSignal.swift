import Dispatch
import NjordCore

#if canImport(Glibc)
    import Glibc
#endif

/// SIGHUP as a reload request: the signal is unblocked (children of Swift processes inherit a
/// blocked mask), its default action (terminate) replaced by a dispatch source that counts it;
/// the daemon's loop takes the requests between events, so a reload never interleaves with one.
final class HangupSignal: @unchecked Sendable {
    private let lock = Mutex()
    private var pending = 0
    private let source: any DispatchSourceSignal

    /// Installs the handler; do it before the pid file tells anyone where to send the signal.
    init() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGHUP)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        signal(SIGHUP, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler { [weak self] in self?.request() }
        source.resume()
    }

    deinit { source.cancel() }

    func request() { lock.withLock { pending += 1 } }

    /// Whether a reload was requested since the last call (several signals make one reload).
    func take() -> Bool {
        lock.withLock {
            defer { pending = 0 }
            return pending > 0
        }
    }
}
