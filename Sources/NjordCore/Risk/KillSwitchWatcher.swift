#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps a consumer's view of the kill switch fresh: it listens on ``Topics/killSwitchChanged`` and
/// also re-reads the key every `pollIntervalMilliseconds`, because a pub/sub notification can be
/// missed (at-most-once) and a missed trip must not leave the consumer trading.
///
/// ``current()`` is what an order path checks: the latest reading, or tripped when the latest read
/// that reached the bus is older than `staleAfterMilliseconds` (a stalled watcher fails closed).
///
/// Drive it with ``start()`` (a background thread) or step it with ``poll()`` (tests, single-threaded
/// loops); the poll schedule and staleness use the injected clock's monotonic reading.
public final class KillSwitchWatcher: @unchecked Sendable {
    public let service: KillSwitchService
    public let pollIntervalMilliseconds: Int
    public let staleAfterMilliseconds: Int
    private let clock: any Clock
    private let lock = ConditionLock()
    // Guarded by `lock`:
    private var latest: KillSwitchReading
    private var lastConfirmedAt: UInt64?
    private var lastPollAt: UInt64
    private var subscription: BusSubscription?
    private var running = false
    private var stopped = false
    private var thread: JoinableThread?
    private var readCount = 0

    /// Subscribes to the change topic (retried on later polls if the bus refuses now) and reads once.
    public init(
        service: KillSwitchService, clock: any Clock, pollIntervalMilliseconds: Int = 1_000,
        staleAfterMilliseconds: Int? = nil
    ) {
        self.service = service
        self.clock = clock
        self.pollIntervalMilliseconds = max(1, pollIntervalMilliseconds)
        self.staleAfterMilliseconds = staleAfterMilliseconds ?? 3 * max(1, pollIntervalMilliseconds)
        self.subscription = try? service.bus.subscribe([.topic(Topics.killSwitchChanged)])
        self.latest = KillSwitchReading(state: .neverTripped, source: service.authority)
        self.lastPollAt = clock.monotonicNanoseconds()
        refresh()
    }

    deinit { stop() }

    /// What consumers obey: the latest reading, or tripped if it is older than the staleness bound.
    public func current() -> KillSwitchReading {
        let now = clock.monotonicNanoseconds()
        return lock.withLock {
            guard let confirmed = lastConfirmedAt else { return latest }
            let ageMs = Int((now &- confirmed) / 1_000_000)
            guard ageMs > staleAfterMilliseconds else { return latest }
            let problem =
                "kill switch not confirmed by \(service.authority) for \(ageMs) ms (bound \(staleAfterMilliseconds) ms)"
            var state = latest.state
            if !state.tripped {
                state = KillSwitchState(tripped: true, reason: "\(problem); failing closed", by: "killswitch-watcher")
            }
            return KillSwitchReading(state: state, source: latest.source, problem: problem)
        }
    }

    /// Reads consumed so far (initial read included); for tests and counters.
    public var reads: Int { lock.withLock { readCount } }

    /// One step: takes pending notifications and re-reads the key if there were any or the poll
    /// interval has passed. Returns whether it re-read.
    @discardableResult
    public func poll() -> Bool { step(notified: false) }

    private func step(notified alreadyNotified: Bool) -> Bool {
        let subscription = ensureSubscription()
        let notified = !(subscription?.drain().isEmpty ?? true) || alreadyNotified
        let now = clock.monotonicNanoseconds()
        let due = lock.withLock { now &- lastPollAt >= UInt64(pollIntervalMilliseconds) * 1_000_000 }
        guard notified || due else { return false }
        refresh()
        return true
    }

    /// Reads now and records the result.
    public func refresh() {
        let resolution = service.resolve()
        if let restore = resolution.restore { try? service.writeKey(restore, publish: true) }
        let now = clock.monotonicNanoseconds()
        lock.withLock {
            latest = resolution.reading
            lastPollAt = now
            readCount += 1
            if resolution.reachable { lastConfirmedAt = now }
            lock.broadcast()
        }
    }

    /// Waits (real time) until `condition` holds for ``current()`` or the deadline passes.
    public func wait(
        timeoutMilliseconds: Int, until condition: (KillSwitchReading) -> Bool
    ) -> KillSwitchReading? {
        let deadline = ConditionLock.deadline(afterMilliseconds: timeoutMilliseconds)
        while true {
            let reading = current()
            if condition(reading) { return reading }
            let timedOut = lock.withLock { !lock.wait(until: deadline) }
            if timedOut {
                let last = current()
                return condition(last) ? last : nil
            }
        }
    }

    // MARK: - Background thread

    /// Starts a thread that waits for a notification up to the poll interval, then polls.
    public func start() {
        let mustStart = lock.withLock {
            guard !running, !stopped else { return false }
            running = true
            return true
        }
        guard mustStart else { return }
        let started = JoinableThread.mustStart("the kill-switch watcher") { self.runLoop() }
        lock.withLock { thread = started }
    }

    /// Stops the thread (if started) and the subscription. Idempotent.
    public func stop() {
        let (handle, sub) = lock.withLock {
            stopped = true
            lock.broadcast()
            let result = (thread, subscription)
            thread = nil
            return result
        }
        sub?.close()
        handle?.join()
    }

    private func runLoop() {
        while !lock.withLock({ stopped }) {
            var notified = false
            if let subscription = ensureSubscription() {
                notified = subscription.next(timeoutMilliseconds: pollIntervalMilliseconds) != nil
            } else {
                let deadline = ConditionLock.deadline(afterMilliseconds: pollIntervalMilliseconds)
                lock.withLock { if !stopped { _ = lock.wait(until: deadline) } }
            }
            if lock.withLock({ stopped }) { return }
            _ = step(notified: notified)
        }
    }

    private func ensureSubscription() -> BusSubscription? {
        if let existing = lock.withLock({ subscription }) { return existing }
        guard let fresh = try? service.bus.subscribe([.topic(Topics.killSwitchChanged)]) else { return nil }
        let keep = lock.withLock { () -> Bool in
            guard !stopped, subscription == nil else { return false }
            subscription = fresh
            return true
        }
        if !keep { fresh.close() }
        return lock.withLock { subscription }
    }
}
