public import NjordCore

#if canImport(Glibc)
    import Glibc
#endif

/// Streams and keys: request and reply on the calling thread's own connection.
extension RedisBus {
    /// The field that holds an entry's payload: `XADD stream * e <payload>`.
    public static let payloadField: [UInt8] = Array("e".utf8)

    @discardableResult
    public func append(_ payload: [UInt8], to stream: String) throws(BusError) -> StreamEntryID {
        try append(contentsOf: [payload], to: stream)[0]
    }

    /// Appends in one pipelined write. Streams are capped with `XTRIM … MAXLEN ~` once every
    /// ``trimInterval`` appends rather than on each `XADD`: trimming on every append costs the server
    /// a quarter of its append rate, and a cap that holds within a thousand entries is as good.
    @discardableResult
    public func append(contentsOf payloads: [[UInt8]], to stream: String) throws(BusError) -> [StreamEntryID] {
        try append(contentsOf: payloads, to: stream, thenPublishing: [], on: "")
    }

    /// The `XADD`s, then the `PUBLISH`es of the live copies, in one write on this thread's command
    /// connection: Redis runs them in order, so each entry is in the stream before its copy goes
    /// out, and the copies do not wait a round trip for the append's reply. A `PUBLISH` the server
    /// refuses is counted as dropped.
    @discardableResult
    public func append(
        contentsOf payloads: [[UInt8]], to stream: String, thenPublishing live: [[UInt8]], on topic: String
    ) throws(BusError) -> [StreamEntryID] {
        guard !stream.isEmpty else { throw .invalidName(stream) }
        guard live.isEmpty || !topic.isEmpty else { throw .invalidName(topic) }
        guard !payloads.isEmpty else {
            if !live.isEmpty { try publish(batch: live.map { BusMessage(topic: topic, payload: $0) }) }
            return []
        }
        var encoder = RESPEncoder(
            capacity: payloads.reduce(64) { $0 + $1.count + 48 }
                + live.reduce(0) { $0 + $1.count + topic.utf8.count + 48 }
        )
        let prefix: [[UInt8]] = [Array("XADD".utf8), Array(stream.utf8), [UInt8(ascii: "*")], Self.payloadField]
        for payload in payloads { encoder.append(arguments: prefix + [payload]) }
        let trim = state.withLock {
            let before = appendsSinceTrim[stream, default: 0]
            let after = before + payloads.count
            appendsSinceTrim[stream] = after >= Self.trimInterval ? 0 : after
            return after >= Self.trimInterval
        }
        if trim {
            encoder.append(arguments: [
                Array("XTRIM".utf8), Array(stream.utf8), Array("MAXLEN".utf8), [UInt8(ascii: "~")],
                Array(String(options.streamMaxLength).utf8),
            ])
        }
        if !live.isEmpty {
            let topicBytes = Array(topic.utf8)
            for payload in live { encoder.append(arguments: [Self.publishCommand, topicBytes, payload]) }
        }
        let count = payloads.count
        let outcome: ([Result<StreamEntryID, RedisError>], Int)
        do {
            outcome = try withCommandConnection {
                c throws(RedisError) -> ([Result<StreamEntryID, RedisError>], Int) in
                try c.appendEncoded(encoder.bytes, count: encoder.count, name: "XADD")
                var results: [Result<StreamEntryID, RedisError>] = []
                results.reserveCapacity(count)
                for _ in 0..<count { results.append(try c.getEntryID()) }
                if trim { _ = try c.discardReply() }
                var refused = 0
                for _ in live where try c.discardReply() != nil { refused += 1 }
                return (results, refused)
            }
        } catch {
            // The copies are counted lost: most failures come before the write (a connection in backoff).
            if !live.isEmpty { state.withLock { counters.dropped += live.count } }
            throw error
        }
        let (results, refused) = outcome
        if !live.isEmpty {
            state.withLock {
                counters.messagesOut += live.count - refused
                counters.dropped += refused
            }
        }
        var ids: [StreamEntryID] = []
        ids.reserveCapacity(count)
        for result in results {
            switch result {
            case .success(let id): ids.append(id)
            case .failure(let error): throw error.busError
            }
        }
        state.withLock { counters.messagesOut += ids.count }
        return ids
    }

    /// Appends between two `XTRIM`s of a stream.
    static let trimInterval = 1_000

    public func createGroup(_ group: String, on stream: String) throws(BusError) {
        guard !group.isEmpty, !stream.isEmpty else { throw .invalidName(group.isEmpty ? group : stream) }
        do {
            _ = try withCommandConnection { c throws(RedisError) in
                try c.command(["XGROUP", "CREATE", stream, group, "0", "MKSTREAM"])
            }
        } catch .rejected(let text) where text.hasPrefix("BUSYGROUP") {
            return
        }
    }

    public func readGroup(
        stream: String, group: String, consumer: String, count: Int, blockMilliseconds: Int
    ) throws(BusError) -> [StreamEntry] {
        try readGroup(
            stream: stream, group: group, consumer: consumer, count: count, blockMilliseconds: blockMilliseconds,
            acknowledging: [])
    }

    public func readGroup(
        stream: String, group: String, consumer: String, count: Int, blockMilliseconds: Int,
        acknowledging: [StreamEntryID]
    ) throws(BusError) -> [StreamEntry] {
        var encoder = RESPEncoder(capacity: 256 + acknowledging.count * 24)
        let streamBytes = Array(stream.utf8)
        let groupBytes = Array(group.utf8)
        if !acknowledging.isEmpty {
            encoder.append(
                arguments: [Array("XACK".utf8), streamBytes, groupBytes]
                    + acknowledging.map { Array($0.description.utf8) })
        }
        var read: [[UInt8]] = [
            Array("XREADGROUP".utf8), Array("GROUP".utf8), groupBytes, Array(consumer.utf8),
            Array("COUNT".utf8), Array(String(max(1, count)).utf8),
        ]
        if blockMilliseconds > 0 { read += [Array("BLOCK".utf8), Array(String(blockMilliseconds).utf8)] }
        read += [Array("STREAMS".utf8), streamBytes, [UInt8(ascii: ">")]]
        encoder.append(arguments: read)
        let acked = !acknowledging.isEmpty
        let reply = try withCommandConnection(extraTimeoutMilliseconds: blockMilliseconds) {
            c throws(RedisError) -> (String?, StreamReply) in
            try c.appendEncoded(encoder.bytes, count: encoder.count, name: acked ? "XACK" : "XREADGROUP")
            let ackError = acked ? try c.discardReply() : nil
            return (ackError, try c.getStreamEntries(payloadField: Self.payloadField))
        }
        if let ackError = reply.0 { throw .rejected(ackError) }
        let entries = try Self.entries(reply.1, command: "XREADGROUP")
        state.withLock { counters.messagesIn += entries.count }
        return entries
    }

    static func entries(_ reply: StreamReply, command: String) throws(BusError) -> [StreamEntry] {
        switch reply {
        case .entries(let entries): return entries
        case .error(let text): throw .rejected(text)
        case .malformed: throw .rejected("\(command) answered an unexpected shape")
        }
    }

    public func acknowledge(_ ids: [StreamEntryID], stream: String, group: String) throws(BusError) {
        guard !ids.isEmpty else { return }
        _ = try withCommandConnection { c throws(RedisError) in
            try c.command(["XACK", stream, group] + ids.map(\.description))
        }
    }

    public func claimIdle(
        stream: String, group: String, consumer: String, minIdleMilliseconds: Int, count: Int
    ) throws(BusError) -> [StreamEntry] {
        var claimed: [StreamEntry] = []
        var cursor = "0-0"
        repeat {
            // Claims are rare (a consumer died), so the general reply tree is fine here.
            let reply = try withCommandConnection { c throws(RedisError) in
                try c.command([
                    "XAUTOCLAIM", stream, group, consumer, String(minIdleMilliseconds), cursor, "COUNT",
                    String(max(1, count - claimed.count)),
                ])
            }
            guard let parts = reply.array, parts.count >= 2, let next = parts[0].string, let entries = parts[1].array
            else { throw .rejected("XAUTOCLAIM answered an unexpected shape") }
            // Entries trimmed away while pending come back as nil (Redis 6.2) or in a third list (7.x).
            claimed += try Self.parseEntries(entries.filter { !$0.isNull })
            cursor = next
        } while cursor != "0-0" && claimed.count < count
        return claimed
    }

    public func pendingCount(stream: String, group: String) throws(BusError) -> Int {
        let reply = try withCommandConnection { c throws(RedisError) in try c.command(["XPENDING", stream, group]) }
        guard let n = reply.array?.first?.integer else { throw .rejected("XPENDING answered an unexpected shape") }
        return Int(n)
    }

    public func length(of stream: String) throws(BusError) -> Int {
        let reply = try withCommandConnection { c throws(RedisError) in try c.command(["XLEN", stream]) }
        return Int(reply.integer ?? 0)
    }

    public func value(forKey key: String) throws(BusError) -> [UInt8]? {
        let reply = try withCommandConnection { c throws(RedisError) in try c.command(["GET", key]) }
        return reply.isNull ? nil : reply.bytes
    }

    public func setValue(_ value: [UInt8], forKey key: String) throws(BusError) {
        guard !key.isEmpty else { throw .invalidName(key) }
        _ = try withCommandConnection { c throws(RedisError) in
            try c.command([Array("SET".utf8), Array(key.utf8), value])
        }
    }

    public func deleteValue(forKey key: String) throws(BusError) {
        _ = try withCommandConnection { c throws(RedisError) in try c.command(["DEL", key]) }
    }

    /// Runs an arbitrary command on this thread's connection (ops tools: `njord bus status`).
    public func command(_ args: [String]) throws(BusError) -> RedisReply {
        try withCommandConnection { c throws(RedisError) in try c.command(args) }
    }

    // MARK: - The calling thread's connection

    /// Runs `body` on the calling thread's connection, connecting first when needed. After a
    /// failure, calls fail fast with `.disconnected` until the backoff delay has passed.
    func withCommandConnection<T>(
        extraTimeoutMilliseconds: Int = 0, _ body: (RedisConnection) throws(RedisError) -> T
    ) throws(BusError) -> T {
        let thread = UInt(pthread_self())
        let now = SystemClock().monotonicNanoseconds()
        let existing: RedisConnection? = try state.withLock { () throws(BusError) -> RedisConnection? in
            if stopped { throw .closed }
            if let c = commandConnections[thread] { return c }
            if commandRetryAfter > now { throw .disconnected(counters.lastError ?? "reconnecting") }
            return nil
        }
        let connection: RedisConnection
        if let existing {
            connection = existing
        } else {
            do {
                connection = try RedisConnection(endpoint: options.endpoint)
            } catch {
                commandFailed(error)
                throw error.busError
            }
            state.withLock {
                commandConnections[thread] = connection
                commandBackoff.reset()
                commandRetryAfter = 0
            }
        }
        do {
            // A blocking call needs the read timeout plus the time it blocks. The longer timeout is
            // kept for later calls rather than set back: a consumer alternates blocking and
            // non-blocking reads, and resetting would cost two `setsockopt` calls on every one of
            // them, on the order path. It only delays noticing a dead server by that block time.
            if extraTimeoutMilliseconds > 0, let base = options.endpoint.readTimeout {
                let needed = base + .milliseconds(extraTimeoutMilliseconds)
                if let current = connection.readTimeout, current < needed { try connection.setReadTimeout(needed) }
            }
            return try body(connection)
        } catch {
            if error.isConnectionLost {
                state.withLock { _ = commandConnections.removeValue(forKey: thread) }
                commandFailed(error)
            }
            throw error.busError
        }
    }

    private func commandFailed(_ error: RedisError) {
        var random = SystemRandomNumberGenerator()
        state.withLock {
            counters.lastError = "\(error)"
            // Only a lost connection backs off; a refused credential is final until fixed.
            commandRetryAfter =
                SystemClock().monotonicNanoseconds() + commandBackoff.nextDelayNanoseconds(using: &random)
            counters.reconnects += 1
        }
    }

    static func parseEntries(_ entries: [RedisReply]) throws(BusError) -> [StreamEntry] {
        var result: [StreamEntry] = []
        result.reserveCapacity(entries.count)
        for entry in entries {
            guard let pair = entry.array, pair.count == 2, let idText = pair[0].string,
                let id = StreamEntryID(idText), let fields = pair[1].array
            else { throw .rejected("stream entry of an unexpected shape") }
            var payload: [UInt8]?
            var index = 0
            while index + 1 < fields.count {
                if fields[index].bytes == payloadField { payload = fields[index + 1].bytes }
                index += 2
            }
            // An entry written by another tool without our field still reaches the consumer, whose
            // decoder then dead-letters it: its fields as "name value" pairs keep what it held.
            let fallback = fields.compactMap(\.bytes).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
            result.append(StreamEntry(id: id, payload: payload ?? Array(fallback.utf8)))
        }
        return result
    }
}
