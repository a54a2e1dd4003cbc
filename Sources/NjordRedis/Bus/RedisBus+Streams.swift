public import NjordCore

#if canImport(Glibc)
    import Glibc
#endif

/// Streams and keys: request and reply on the calling thread's own connection.
extension RedisBus {
    /// The field that holds an entry's payload: `XADD stream * e <payload>`.
    static let payloadField: [UInt8] = Array("e".utf8)

    @discardableResult
    public func append(_ payload: [UInt8], to stream: String) throws(BusError) -> StreamEntryID {
        try append(contentsOf: [payload], to: stream)[0]
    }

    /// Appends in one pipelined write. Streams are capped with `XTRIM … MAXLEN ~` once every
    /// ``trimInterval`` appends rather than on each `XADD`: trimming on every append costs the server
    /// a quarter of its append rate, and a cap that holds within a thousand entries is as good.
    @discardableResult
    public func append(contentsOf payloads: [[UInt8]], to stream: String) throws(BusError) -> [StreamEntryID] {
        guard !stream.isEmpty else { throw .invalidName(stream) }
        guard !payloads.isEmpty else { return [] }
        var encoder = RESPEncoder(capacity: payloads.reduce(64) { $0 + $1.count + 48 })
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
        let expected = encoder.count
        let replies = try withCommandConnection { c throws(RedisError) -> [RedisReply] in
            try c.appendEncoded(encoder.bytes, count: expected, name: "XADD")
            var replies: [RedisReply] = []
            replies.reserveCapacity(expected)
            for _ in 0..<expected { replies.append(try c.getReply()) }
            return replies
        }
        var ids: [StreamEntryID] = []
        ids.reserveCapacity(payloads.count)
        for reply in replies.prefix(payloads.count) {
            if case .error(let text) = reply { throw .rejected(text) }
            guard let text = reply.string, let id = StreamEntryID(text) else {
                throw .rejected("XADD answered \(reply), not an entry id")
            }
            ids.append(id)
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
        var args = ["XREADGROUP", "GROUP", group, consumer, "COUNT", String(max(1, count))]
        if blockMilliseconds > 0 { args += ["BLOCK", String(blockMilliseconds)] }
        args += ["STREAMS", stream, ">"]
        let reply = try withCommandConnection(extraTimeoutMilliseconds: blockMilliseconds) { c throws(RedisError) in
            try c.command(args)
        }
        return try parseReadGroup(reply)
    }

    private func parseReadGroup(_ reply: RedisReply) throws(BusError) -> [StreamEntry] {
        if case .error(let text) = reply { throw .rejected(text) }
        if reply.isNull { return [] }
        guard let streams = reply.array, let first = streams.first?.array, first.count == 2,
            let entries = first[1].array
        else { throw .rejected("XREADGROUP answered an unexpected shape") }
        let parsed = try Self.parseEntries(entries)
        state.withLock { counters.messagesIn += parsed.count }
        return parsed
    }

    public func readGroup(
        stream: String, group: String, consumer: String, count: Int, blockMilliseconds: Int,
        acknowledging: [StreamEntryID]
    ) throws(BusError) -> [StreamEntry] {
        guard !acknowledging.isEmpty else {
            return try readGroup(
                stream: stream, group: group, consumer: consumer, count: count, blockMilliseconds: blockMilliseconds)
        }
        var read = ["XREADGROUP", "GROUP", group, consumer, "COUNT", String(max(1, count))]
        if blockMilliseconds > 0 { read += ["BLOCK", String(blockMilliseconds)] }
        read += ["STREAMS", stream, ">"]
        let ack = ["XACK", stream, group] + acknowledging.map(\.description)
        let replies = try withCommandConnection(extraTimeoutMilliseconds: blockMilliseconds) {
            c throws(RedisError) in try c.pipeline([ack, read])
        }
        if case .error(let text) = replies[0] { throw .rejected(text) }
        return try parseReadGroup(replies[1])
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
        _ = try withCommandConnection { c throws(RedisError) in try c.command([Array("SET".utf8), Array(key.utf8), value]) }
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
            if extraTimeoutMilliseconds > 0 {
                let base = options.endpoint.readTimeout ?? .seconds(5)
                try connection.setReadTimeout(base + .milliseconds(extraTimeoutMilliseconds))
                defer { try? connection.setReadTimeout(options.endpoint.readTimeout) }
                return try body(connection)
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
            commandRetryAfter = SystemClock().monotonicNanoseconds() + commandBackoff.nextDelayNanoseconds(using: &random)
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
