public import NjordCore

#if canImport(Glibc)
    import Glibc
#endif

/// The ``MessageBus`` over a Redis server, for daemons, the console and workers.
///
/// hiredis contexts are not thread-safe, so the bus keeps one connection per role: a publisher
/// connection (behind a lock) whose replies are switched off (`CLIENT REPLY OFF`), so a publish
/// is one write from the caller's thread with no reply to wait for and no thread hand-off; a
/// subscriber thread that reads pushes in bursts and fans them out to ``BusSubscription``s; and one
/// command connection per calling thread for streams and keys. Every role reconnects by itself
/// with exponential backoff and jitter; the subscriber restores its channels and patterns after a
/// reconnect. Pub/sub messages that cannot be written are lost (at-most-once) and counted as
/// dropped; stream appends fail with ``BusError/disconnected(_:)`` and are the producer's to retry.
public final class RedisBus: MessageBus, @unchecked Sendable {
    public let options: RedisBusOptions
    let state = ConditionLock()
    // Guarded by `state`:
    var counters = BusStatus()
    var stopped = false
    var publisherConnected = false
    var subscriberConnected = false
    var subscriberStarted = false
    var subscriptions: [ObjectIdentifier: BusSubscription] = [:]
    /// Bumped on every change of `subscriptions`; the subscriber thread confirms by copying it.
    var subscriptionGeneration = 0
    var appliedGeneration = 0
    var commandConnections: [UInt: RedisConnection] = [:]
    var appendsSinceTrim: [String: Int] = [:]
    var commandBackoff: ReconnectBackoff
    var commandRetryAfter: UInt64 = 0
    /// A private channel the subscriber listens on, so that `subscribe` can wake it at once.
    let wakeChannel: String
    var subscriberThread: JoinableThread?
    /// The publisher's connection and encoder, used under `publishLock` by whichever thread publishes.
    let publishLock = Mutex()
    var publishConnection: RedisConnection?
    var publishEncoder = RESPEncoder(capacity: 1 << 16)
    var publishBackoff: ReconnectBackoff
    var publishRetryAfter: UInt64 = 0
    var topicBytes: [String: [UInt8]] = [:]

    /// Connects once to check the endpoint and credentials (a wrong password is a clear error here,
    /// not a retry loop), then starts the publisher.
    public init(options: RedisBusOptions) throws(BusError) {
        self.options = options
        self.commandBackoff = ReconnectBackoff(capMilliseconds: options.reconnectCapMilliseconds)
        self.publishBackoff = ReconnectBackoff(capMilliseconds: options.reconnectCapMilliseconds)
        var random = SystemRandomNumberGenerator()
        self.wakeChannel = "njord:bus:wake:\(getpid()):\(UInt64.random(in: 0...UInt64.max, using: &random))"
        do {
            let probe = try RedisConnection(endpoint: options.endpoint)
            probe.close()
        } catch {
            throw error.busError
        }
        counters.connected = true
    }

    deinit { close() }

    /// Stops the threads and closes every connection. Subscriptions stop receiving.
    public func close() {
        let (subscriber, subs) = state.withLock {
            if stopped { return (JoinableThread?.none, [BusSubscription]()) }
            stopped = true
            state.broadcast()
            let result = (subscriberThread, Array(subscriptions.values))
            subscriberThread = nil
            commandConnections.removeAll()
            return result
        }
        publishLock.withLock { publishConnection = nil }
        if let subscriber {
            // The subscriber blocks in a read of at most its poll interval; a wake message shortens
            // it. On a connection of its own: `withCommandConnection` refuses calls once the bus is
            // stopped, and the publish connection has replies turned off. Without the wake every
            // process with a subscription took a quarter second to exit.
            let waker = try? RedisConnection(endpoint: options.endpoint)
            _ = try? waker?.command(["PUBLISH", wakeChannel, ""])
            subscriber.join()
        }
        for s in subs { s.close() }
    }

    public var status: BusStatus {
        state.withLock {
            var s = counters
            s.connected =
                !stopped && (!subscriberStarted || subscriberConnected)
                && commandRetryAfter == 0
            s.dropped += subscriptions.values.reduce(0) { $0 + $1.dropped }
            return s
        }
    }

    // MARK: - Topics

    public func publish(_ payload: [UInt8], on topic: String) throws(BusError) {
        try publish(batch: [BusMessage(topic: topic, payload: payload)])
    }

    public func publish(batch: [BusMessage]) throws(BusError) {
        for m in batch where m.topic.isEmpty { throw .invalidName(m.topic) }
        guard !batch.isEmpty else { return }
        if state.withLock({ stopped }) { throw .closed }
        let failure: BusError? = publishLock.withLock { () -> BusError? in
            guard let connection = publisherConnection() else {
                state.withLock { counters.dropped += batch.count }
                return .disconnected(state.withLock { counters.lastError } ?? "publisher reconnecting")
            }
            publishEncoder.removeAll()
            for m in batch {
                let topic = topicBytes[m.topic] ?? cacheTopic(m.topic)
                publishEncoder.append(arguments: [Self.publishCommand, topic, m.payload])
            }
            do throws(RedisError) {
                try connection.sendWithoutReply(publishEncoder.bytes)
                state.withLock { counters.messagesOut += batch.count }
                return nil
            } catch {
                publishConnection = nil
                publishFailed(error)
                state.withLock {
                    counters.dropped += batch.count
                    publisherConnected = false
                }
                return error.busError
            }
        }
        if let failure { throw failure }
    }

    static let publishCommand = Array("PUBLISH".utf8)

    /// The publisher connection (under `publishLock`), connecting when the backoff allows.
    private func publisherConnection() -> RedisConnection? {
        if let publishConnection { return publishConnection }
        guard SystemClock().monotonicNanoseconds() >= publishRetryAfter else { return nil }
        do throws(RedisError) {
            let c = try RedisConnection(endpoint: options.endpoint)
            var off = RESPEncoder(capacity: 64)
            off.append(arguments: [Array("CLIENT".utf8), Array("REPLY".utf8), Array("OFF".utf8)])
            try c.sendWithoutReply(off.bytes)
            publishConnection = c
            publishBackoff.reset()
            publishRetryAfter = 0
            state.withLock { publisherConnected = true }
            return c
        } catch {
            publishFailed(error)
            return nil
        }
    }

    private func publishFailed(_ error: RedisError) {
        var random = SystemRandomNumberGenerator()
        publishRetryAfter = SystemClock().monotonicNanoseconds() + publishBackoff.nextDelayNanoseconds(using: &random)
        state.withLock {
            counters.lastError = "\(error)"
            counters.reconnects += 1
        }
    }

    private func cacheTopic(_ topic: String) -> [UInt8] {
        if topicBytes.count > 10_000 { topicBytes.removeAll() }  // bounded whatever topics callers invent
        let bytes = Array(topic.utf8)
        topicBytes[topic] = bytes
        return bytes
    }

    public func subscribe(_ subscriptions: [Subscription]) throws(BusError) -> BusSubscription {
        try subscribe(subscriptions, handler: nil)
    }

    public func subscribe(
        _ subscriptions: [Subscription], handler: @escaping @Sendable (BusMessage) -> Void
    ) throws(BusError) -> BusSubscription {
        try subscribe(subscriptions, handler: Optional(handler))
    }

    private func subscribe(
        _ subscriptions: [Subscription], handler: (@Sendable (BusMessage) -> Void)?
    ) throws(BusError) -> BusSubscription {
        for s in subscriptions {
            switch s {
            case .topic(let name), .pattern(let name): if name.isEmpty { throw .invalidName(name) }
            }
        }
        let subscription = BusSubscription(
            subscriptions: subscriptions, capacity: options.subscriptionCapacity, handler: handler
        ) {
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
            // The thread holds the bus until it ends, which `close()` waits for.
            let thread = JoinableThread.mustStart("the bus's subscriber") { self.runSubscriber() }
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
