import NjordCore

extension RedisBus {
    /// The subscriber thread: keeps one connection subscribed to the union of every open
    /// subscription's topics and patterns (plus the private wake channel), reads pushes and hands
    /// each to the subscriptions that asked for it. After a broken connection it reconnects with
    /// backoff and subscribes again to everything.
    func runSubscriber() {
        var connection: RedisConnection?
        var channels: Set<String> = []
        var patterns: Set<String> = []
        var byTopic: [String: [BusSubscription]] = [:]
        var byPattern: [String: [BusSubscription]] = [:]
        var seenGeneration = -1
        var backoff = ReconnectBackoff(capMilliseconds: options.reconnectCapMilliseconds)
        var random = SystemRandomNumberGenerator()
        var endpoint = options.endpoint
        endpoint.readTimeout = .milliseconds(250)  // wakes to notice close() even on a silent bus

        while true {
            let (stop, generation, current) = state.withLock {
                (stopped, subscriptionGeneration, Array(subscriptions.values))
            }
            if stop { return }
            if connection == nil {
                do {
                    let c = try RedisConnection(endpoint: endpoint)
                    try c.subscribe(channels: [wakeChannel])
                    connection = c
                    channels = []
                    patterns = []
                    seenGeneration = -1
                    backoff.reset()
                    state.withLock { subscriberConnected = true }
                } catch {
                    recordError(error)
                    state.withLock { subscriberConnected = false }
                    if !waitBeforeRetry(backoff.nextDelayNanoseconds(using: &random)) { return }
                    continue
                }
            }
            if generation != seenGeneration {
                // Rebuild the routing tables, subscribe to what is new, confirm to waiting callers.
                byTopic = [:]
                byPattern = [:]
                for subscription in current where !subscription.closed {
                    for s in subscription.subscriptions {
                        switch s {
                        case .topic(let t): byTopic[t, default: []].append(subscription)
                        case .pattern(let p): byPattern[p, default: []].append(subscription)
                        }
                    }
                }
                let newChannels = Set(byTopic.keys).subtracting(channels)
                let newPatterns = Set(byPattern.keys).subtracting(patterns)
                do {
                    if !newChannels.isEmpty { try connection!.subscribe(channels: newChannels.sorted()) }
                    if !newPatterns.isEmpty { try connection!.psubscribe(patterns: newPatterns.sorted()) }
                    channels.formUnion(newChannels)
                    patterns.formUnion(newPatterns)
                    seenGeneration = generation
                    state.withLock {
                        appliedGeneration = max(appliedGeneration, generation)
                        state.broadcast()
                    }
                } catch {
                    brokeConnection(error, &connection)
                    continue
                }
            }
            do {
                let push = try connection!.readPush()
                guard let message = RedisPubSubMessage(push) else { continue }
                if message.channel == wakeChannel { continue }
                let targets = message.pattern.map { byPattern[$0] ?? [] } ?? byTopic[message.channel] ?? []
                let busMessage = BusMessage(topic: message.channel, payload: message.payload, pattern: message.pattern)
                for target in targets { target.deliver(busMessage) }
                if !targets.isEmpty { state.withLock { counters.messagesIn += 1 } }
            } catch .timeout {
                continue
            } catch {
                brokeConnection(error, &connection)
            }
        }
    }

    private func brokeConnection(_ error: RedisError, _ connection: inout RedisConnection?) {
        recordError(error)
        connection = nil
        state.withLock {
            subscriberConnected = false
            counters.reconnects += 1
        }
    }
}
