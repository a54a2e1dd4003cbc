public import NjordCore

#if canImport(Glibc)
    import Glibc
#endif

/// The console's side of the bus, on its own thread: connects (again and again, with backoff, while
/// the bus is away), subscribes to everything the screens show, reads the kill-switch key once a
/// second, and queues it all as ``ConsoleEvent``s for the UI loop to ``drain()``. The queue is a
/// ring: when the UI falls behind, the oldest events go and are counted, so memory stays bounded.
public final class BusLink: @unchecked Sendable {
    /// Every topic and pattern the console listens to.
    public static let subscriptions: [Subscription] = [
        .pattern("md.*"), .pattern(Topics.heartbeat("*")), .topic(Topics.killSwitchChanged), .pattern("flow.*"),
        .pattern(Topics.positions("*")), .pattern(Topics.pnl("*")), .topic(Topics.allocation),
        .topic(Topics.rebalances),
        .topic(Topics.backtestProgress), .pattern(Topics.log("*")),
    ]

    private let connect: @Sendable () throws -> any MessageBus
    private let address: String
    private let keyPollMilliseconds: Int
    private let lock = ConditionLock()
    private var queue: RingBuffer<ConsoleEvent>
    private var dropped = 0
    private var stopped = false
    private var bus: (any MessageBus)?
    private var thread: JoinableThread?

    /// - Parameters:
    ///   - connect: makes a connected bus, or throws why not (it is called again after a backoff).
    ///   - address: how the header names the bus, e.g. `redis:127.0.0.1:6479`.
    public init(
        address: String, queueCapacity: Int = 65_536, keyPollMilliseconds: Int = 1_000,
        connect: @escaping @Sendable () throws -> any MessageBus
    ) {
        self.address = address
        self.connect = connect
        self.keyPollMilliseconds = keyPollMilliseconds
        queue = RingBuffer(capacity: queueCapacity)
    }

    deinit { stop() }

    /// The bus when connected (the kill switch uses it), else nil.
    public var currentBus: (any MessageBus)? { lock.withLock { bus } }

    public func start() {
        if let started = JoinableThread.start({ self.run() }) {
            lock.withLock { thread = started }
        } else {
            enqueue(.link(BusLinkState(connected: false, problem: "cannot start the bus thread", address: address)))
        }
    }

    /// Stops the thread and drops the subscription; idempotent. The bus itself is the caller's to close.
    public func stop() {
        let joining = lock.withLock { () -> JoinableThread? in
            stopped = true
            lock.broadcast()
            defer { thread = nil }
            return thread
        }
        joining?.join()
    }

    /// Everything queued since the last call, oldest first.
    public func drain() -> [ConsoleEvent] {
        lock.withLock {
            var events: [ConsoleEvent] = []
            events.reserveCapacity(queue.count)
            while let e = queue.popFirst() { events.append(e) }
            return events
        }
    }

    func enqueue(_ event: ConsoleEvent) {
        lock.withLock { if queue.append(event) != nil { dropped += 1 } }
    }

    private var droppedCount: Int { lock.withLock { dropped } }

    private func run() {
        var backoff = ReconnectBackoff(capMilliseconds: 2_000)
        var random = SystemRandomNumberGenerator()
        var subscription: BusSubscription?
        var reported: BusLinkState?
        var problem = "connecting"
        while !isStopped {
            var current = currentBus
            if current == nil {
                do {
                    let made = try connect()
                    subscription = try made.subscribe(Self.subscriptions) { [weak self] message in
                        self?.enqueue(.message(message))
                    }
                    lock.withLock { bus = made }
                    current = made
                    backoff.reset()
                } catch {
                    problem = "\(error)"
                    let state = BusLinkState(
                        connected: false, problem: problem, reconnects: backoff.failures, dropped: droppedCount,
                        address: address)
                    if state != reported {
                        enqueue(.link(state))
                        reported = state
                    }
                    wait(milliseconds: Int(backoff.nextDelayNanoseconds(using: &random) / 1_000_000) + 100)
                    continue
                }
            }
            guard let current else { continue }
            let status = current.status
            let state = BusLinkState(
                connected: status.connected, problem: status.connected ? nil : (status.lastError ?? "reconnecting"),
                reconnects: status.reconnects, dropped: droppedCount + status.dropped, address: address)
            if state != reported {
                enqueue(.link(state))
                reported = state
            }
            if status.connected { readKeys(current) }
            wait(milliseconds: keyPollMilliseconds)
        }
        subscription?.close()
    }

    private func readKeys(_ bus: any MessageBus) {
        // An unreadable key leaves the last state shown; the banner already says the bus is away.
        do {
            enqueue(.killSwitchKey(try bus.value(forKey: Topics.killSwitchKey)))
        } catch {}
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func wait(milliseconds: Int) {
        let deadline = ConditionLock.deadline(afterMilliseconds: milliseconds)
        lock.withLock {
            while !stopped {
                if !lock.wait(until: deadline) { break }
            }
        }
    }
}
