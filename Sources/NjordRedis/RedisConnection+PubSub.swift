// Subscriber mode (RESP2): after SUBSCRIBE the connection only receives pushes, read one at a time
// with `readPush()`; the event bus builds its topic fan-out on these calls.
extension RedisConnection {
    /// Subscribes to channels and waits for the server to confirm each one.
    public func subscribe(channels: [String]) throws(RedisError) {
        try changeSubscription(command: "SUBSCRIBE", confirmation: "subscribe", names: channels)
    }

    /// Subscribes to glob patterns (`ticks.*`) and waits for the server to confirm each one.
    public func psubscribe(patterns: [String]) throws(RedisError) {
        try changeSubscription(command: "PSUBSCRIBE", confirmation: "psubscribe", names: patterns)
    }

    /// Leaves channels and waits for the server to confirm each one; messages that were already on
    /// their way are kept for the reader, which drops what no subscription wants.
    public func unsubscribe(channels: [String]) throws(RedisError) {
        try changeSubscription(command: "UNSUBSCRIBE", confirmation: "unsubscribe", names: channels)
    }

    /// Leaves glob patterns and waits for the server to confirm each one.
    public func punsubscribe(patterns: [String]) throws(RedisError) {
        try changeSubscription(command: "PUNSUBSCRIBE", confirmation: "punsubscribe", names: patterns)
    }

    /// Blocks for the next push (a `message`/`pmessage` array; see `RedisPubSubMessage`) until the
    /// endpoint's read timeout. A timeout throws `.timeout` but leaves the connection usable, so a
    /// reader can wake up periodically to check whether it should stop.
    public func readPush() throws(RedisError) -> RedisReply {
        precondition(pendingCount == 0, "readPush() while pipelined replies are unread")
        if !queuedPushes.isEmpty { return queuedPushes.removeFirst() }
        let context = try openContext()
        do throws(HiredisFailure) {
            return try context.getReply()
        } catch let failure where failure.isTimeout {
            context.clearTimeout()
            throw .timeout(operation: "read of a push")
        } catch {
            throw fail(error, during: "read of a push")
        }
    }

    /// Blocks (up to the read timeout) for the next push, then takes every push already buffered:
    /// messages come out as ``RedisPubSubMessage``s, confirmations are skipped. The subscriber
    /// thread's hot path: one wake-up per burst, no general reply tree per message.
    public func readMessages(into messages: inout [RedisPubSubMessage], max: Int = 4_096) throws(RedisError) {
        precondition(pendingCount == 0, "readMessages() while pipelined replies are unread")
        while !queuedPushes.isEmpty, messages.count < max {
            if let m = RedisPubSubMessage(queuedPushes.removeFirst()) { messages.append(m) }
        }
        if !messages.isEmpty { return }
        let context = try openContext()
        var raw: [RawPush] = []
        do throws(HiredisFailure) {
            try context.readPushes(into: &raw, max: max)
        } catch let failure where failure.isTimeout {
            context.clearTimeout()
            throw .timeout(operation: "read of a push")
        } catch {
            throw fail(error, during: "read of a push")
        }
        for push in raw where push.kind == .message {
            if push.channel != lastChannelBytes {
                lastChannelBytes = push.channel
                lastChannel = String(decoding: push.channel, as: UTF8.self)
            }
            messages.append(
                RedisPubSubMessage(
                    channel: lastChannel, pattern: push.pattern.map { String(decoding: $0, as: UTF8.self) },
                    payload: push.payload))
        }
    }

    private func changeSubscription(
        command: String, confirmation: String, names: [String]
    ) throws(RedisError) {
        precondition(!names.isEmpty, "\(command) needs at least one name")
        precondition(pendingCount == 0, "\(command) while pipelined replies are unread")
        try append([command] + names)
        var unconfirmed = names
        // The first reply settles the appended command; the rest arrive as pushes, and messages on
        // channels subscribed earlier can come between them: those are kept for readPush().
        var reply = try getReply()
        while true {
            if case .error(let text) = reply { throw .serverError(text) }
            if let parts = reply.array, parts.count == 3, parts[0].string == confirmation,
                let name = parts[1].string, let index = unconfirmed.firstIndex(of: name)
            {
                unconfirmed.remove(at: index)
                subscriptionCount = Int(parts[2].integer ?? 0)
            } else {
                queuedPushes.append(reply)
            }
            if unconfirmed.isEmpty { return }
            reply = try readReply(during: "\(command) confirmation")
        }
    }
}
