#if canImport(Glibc)
    import Glibc
#endif

/// A plain OS thread for tests that need a second thread of control (a publisher, a killer).
public final class Thread: @unchecked Sendable {
    private let body: @Sendable () -> Void
    private var handle = pthread_t()

    public init(_ body: @escaping @Sendable () -> Void) { self.body = body }

    public func start() {
        let box = Unmanaged.passRetained(self)
        pthread_create(
            &handle, nil,
            { raw in
                let me = Unmanaged<Thread>.fromOpaque(raw!).takeRetainedValue()
                me.body()
                return nil
            }, box.toOpaque())
    }

    public func join() { pthread_join(handle, nil) }
}
