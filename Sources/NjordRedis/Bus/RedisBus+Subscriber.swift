import NjordCore

extension RedisBus {
    /// The subscriber thread: keeps one connection subscribed to the union of every open
    /// subscription's topics and patterns (plus the private wake channel), leaving those no open
    /// subscription wants any more once one closes, reads pushes and hands
    /// each to the subscriptions that asked for it. After a broken connection it reconnects with
    /// backoff and subscribes again to everything.
    func runSubscriber() {
        var connection: RedisConnection?
        var channels: Set<String> = []
        var patterns: Set<String> = []
        var byTopic: [String: [BusSubscription]] = [:]
        var byPattern: [String: [BusSubscription]] = [:]
        var seenGeneration = -1
        var messages: [RedisPubSubMessage] = []
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
                // What no open subscription wants any more is left too: the server would otherwise go
                // on sending it, to be read and dropped here, for the life of the connection.
                let staleChannels = channels.subtracting(byTopic.keys)
                let stalePatterns = patterns.subtracting(byPattern.keys)
                do {
                    if !newChannels.isEmpty { try connection!.subscribe(channels: newChannels.sorted()) }
                    if !newPatterns.isEmpty { try connection!.psubscribe(patterns: newPatterns.sorted()) }
                    channels.formUnion(newChannels)
                    patterns.formUnion(newPatterns)
                    if !staleChannels.isEmpty { try connection!.unsubscribe(channels: staleChannels.sorted()) }
                    if !stalePatterns.isEmpty { try connection!.punsubscribe(patterns: stalePatterns.sorted()) }
                    channels.subtract(staleChannels)
                    patterns.subtract(stalePatterns)
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
                messages.removeAll(keepingCapacity: true)
                try connection!.readMessages(into: &messages)
                var delivered = 0
                var index = 0
                while index < messages.count {
                    // A run of messages for the same channel (and pattern) goes out as one batch.
                    let first = messages[index]
                    var end = index + 1
                    while end < messages.count, messages[end].channel == first.channel,
                        messages[end].pattern == first.pattern
                    {
                        end += 1
                    }
                    if first.channel != wakeChannel {
                        let targets = first.pattern.map { byPattern[$0] ?? [] } ?? byTopic[first.channel] ?? []
                        if !targets.isEmpty {
                            let run = messages[index..<end].lazy.map {
                                BusMessage(topic: $0.channel, payload: $0.payload, pattern: $0.pattern)
                            }
                            for target in targets { target.deliver(batch: run) }
                            delivered += end - index
                        }
                    }
                    index = end
                }
                if delivered > 0 { state.withLock { counters.messagesIn += delivered } }
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
