public import NjordCore

#if canImport(Glibc)
    import Glibc
#endif

/// The ``MessageBus`` over a Redis server, for daemons, the console and workers.
///
/// hiredis contexts are not thread-safe, so the bus keeps one connection per role: a publisher
/// thread that pipelines every queued PUBLISH in one write, a subscriber thread that reads pushes
/// and fans them out to ``BusSubscription``s, and one command connection per calling thread for
/// streams and keys. Every role reconnects by itself with exponential backoff and jitter; the
/// subscriber restores its channels and patterns after a reconnect. Pub/sub messages queued or in
/// flight when a connection breaks are lost (at-most-once) and counted as dropped; stream appends
/// fail with ``BusError/disconnected(_:)`` and are the producer's to retry (see `OrderFlowProducer`).
public final class RedisBus: MessageBus, @unchecked Sendable {
    public let options: RedisBusOptions
    let state = ConditionLock()
    // Guarded by `state`:
    var counters = BusStatus()
    var stopped = false
    var publishQueue: [(topic: String, payload: [UInt8])] = []
    var publisherConnected = false
    var subscriberConnected = false
    var subscriberStarted = false
    var subscriptions: [ObjectIdentifier: BusSubscription] = [:]
    /// Bumped on every change of `subscriptions`; the subscriber thread confirms by copying it.
    var subscriptionGeneration = 0
    var appliedGeneration = 0
    var commandConnections: [UInt: RedisConnection] = [:]
    var commandBackoff: ReconnectBackoff
    var commandRetryAfter: UInt64 = 0
    /// A private channel the subscriber listens on, so that `subscribe` can wake it at once.
    let wakeChannel: String
    var publisherThread: pthread_t?
    var subscriberThread: pthread_t?

    /// Connects once to check the endpoint and credentials (a wrong password is a clear error here,
    /// not a retry loop), then starts the publisher.
    public init(options: RedisBusOptions) throws(BusError) {
        self.options = options
        self.commandBackoff = ReconnectBackoff(capMilliseconds: options.reconnectCapMilliseconds)
        var random = SystemRandomNumberGenerator()
        self.wakeChannel = "njord:bus:wake:\(getpid()):\(UInt64.random(in: 0...UInt64.max, using: &random))"
        do {
            let probe = try RedisConnection(endpoint: options.endpoint)
            probe.close()
        } catch {
            throw error.busError
        }
        counters.connected = true
        publisherThread = startThread { $0.runPublisher() }
    }

    deinit { close() }

    /// Stops the threads and closes every connection. Subscriptions stop receiving.
    public func close() {
        let (publisher, subscriber, subs) = state.withLock {
            if stopped { return (pthread_t?.none, pthread_t?.none, [BusSubscription]()) }
            stopped = true
            state.broadcast()
            let result = (publisherThread, subscriberThread, Array(subscriptions.values))
            publisherThread = nil
            subscriberThread = nil
            commandConnections.removeAll()
            return result
        }
        if let publisher { pthread_join(publisher, nil) }
        if let subscriber {
            // The subscriber blocks in a read of at most its poll interval; a wake message shortens it.
            _ = try? withCommandConnection { c throws(RedisError) in try c.command(["PUBLISH", self.wakeChannel, ""]) }
            pthread_join(subscriber, nil)
        }
        for s in subs { s.close() }
    }

    public var status: BusStatus {
        state.withLock {
            var s = counters
            s.connected = !stopped && publisherConnected && (!subscriberStarted || subscriberConnected)
                && commandRetryAfter == 0
            s.dropped += subscriptions.values.reduce(0) { $0 + $1.dropped }
            return s
        }
    }

    // MARK: - Topics

    public func publish(_ payload: [UInt8], on topic: String) throws(BusError) {
        guard !topic.isEmpty else { throw .invalidName(topic) }
        try state.withLock { () throws(BusError) in
            if stopped { throw .closed }
            if publishQueue.count >= options.publishQueueLimit {
                publishQueue.removeFirst(publishQueue.count / 2)  // shed the oldest half at once, not one per call
                counters.dropped += options.publishQueueLimit / 2
            }
            publishQueue.append((topic, payload))
            if publishQueue.count == 1 { state.broadcast() }
        }
    }

    public func subscribe(_ subscriptions: [Subscription]) throws(BusError) -> BusSubscription {
        for s in subscriptions {
            switch s {
            case .topic(let name), .pattern(let name): if name.isEmpty { throw .invalidName(name) }
            }
        }
        let subscription = BusSubscription(subscriptions: subscriptions, capacity: options.subscriptionCapacity) {
            [weak self] in self?.subscriptionClosed()
        }
        let (generation, mustStart, connected) = try state.withLock { () throws(BusError) in
            if stopped { throw .closed }
            self.subscriptions[ObjectIdentifier(subscription)] = subscription
            subscriptionGeneration += 1
            let mustStart = !subscriberStarted
            subscriberStarted = true
            return (subscriptionGeneration, mustStart, subscriberConnected)
        }
        if mustStart {
            let thread = startThread { $0.runSubscriber() }
            state.withLock { subscriberThread = thread }
        } else if connected {
            try? publish([], on: wakeChannel)
        }
        // Wait until the server has confirmed, so that a publish right after this call is seen.
        let deadline = ConditionLock.deadline(afterMilliseconds: options.subscribeConfirmMilliseconds)
        state.withLock {
            while appliedGeneration < generation, !stopped {
                if !state.wait(until: deadline) { break }
            }
        }
        return subscription
    }

    private func subscriptionClosed() {
        state.withLock {
            subscriptions = subscriptions.filter { !$0.value.closed }
            subscriptionGeneration += 1
        }
    }

    // MARK: - Threads

    private func startThread(_ body: @escaping (RedisBus) -> Void) -> pthread_t {
        let context = Unmanaged.passRetained(ThreadContext(bus: self, body: body)).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            let context = Unmanaged<ThreadContext>.fromOpaque(raw!).takeRetainedValue()
            context.body(context.bus)
            return nil
        }, context)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        return thread
    }

    /// Sleeps for a backoff delay unless the bus stops first; false when stopped.
    func waitBeforeRetry(_ nanoseconds: UInt64) -> Bool {
        let deadline = SystemClock().monotonicNanoseconds() + nanoseconds
        return state.withLock {
            while !stopped {
                if !state.wait(until: deadline) { break }
            }
            return !stopped
        }
    }

    func recordError(_ error: any Error) {
        state.withLock { counters.lastError = "\(error)" }
    }
}

private final class ThreadContext {
    let bus: RedisBus
    let body: (RedisBus) -> Void
    init(bus: RedisBus, body: @escaping (RedisBus) -> Void) {
        self.bus = bus
        self.body = body
    }
}
