import NjordCore

/// One blocking client connection to a Redis server, over hiredis.
///
/// Not thread-safe, and deliberately not `Sendable`: a hiredis context must only ever be used from
/// one thread at a time, so give each thread (each bus reader, each publisher) its own connection.
///
/// Any failure but an error reply (`RedisError.serverError`) closes the connection, because a
/// late reply could otherwise be read as the answer to the next command; open a new one to carry
/// on. `readPush()` is the exception: a read timeout between pushes leaves it usable.
public final class RedisConnection {
    public let endpoint: RedisEndpoint
    private var context: HiredisContext?
    private var closedReason = "closed"
    /// Names of appended commands whose replies are still owed, oldest first, for error messages.
    private var pending: [String] = []
    private var pendingHead = 0
    /// Pushes read while waiting for a subscribe confirmation, handed out first by `readPush()`.
    var queuedPushes: [RedisReply] = []
    /// The last channel name read and its bytes: a feed repeats few channels, so the String is reused.
    var lastChannelBytes: [UInt8] = []
    var lastChannel = ""
    /// Channels plus patterns subscribed to; in RESP2 only (un)subscribe and pushes are allowed then.
    public internal(set) var subscriptionCount = 0
    /// The read (and write) timeout the socket has now; nil blocks forever.
    public private(set) var readTimeout: Duration?

    /// Connects, then sends `AUTH` (when the endpoint has a password) and `SELECT` (when its
    /// database is not 0). Ignores SIGPIPE process-wide on first use.
    public init(endpoint: RedisEndpoint) throws(RedisError) {
        self.endpoint = endpoint
        do {
            let context = try HiredisContext.connect(to: endpoint.address, timeout: endpoint.connectTimeout)
            try context.setTimeout(endpoint.readTimeout)
            self.context = context
            readTimeout = endpoint.readTimeout
        } catch {
            throw error.isTimeout
                ? .timeout(operation: "connect to \(endpoint.addressDescription)")
                : .connectionFailed(endpoint: endpoint.addressDescription, reason: error.message)
        }
        try logIn()
    }

    deinit { close() }

    /// False once `close()` was called or a failure broke the connection.
    public var isOpen: Bool { context != nil }

    /// Sends one command and waits for its reply; an error reply throws `.serverError`.
    public func command(_ args: [String]) throws(RedisError) -> RedisReply {
        try command(args.map { Array($0.utf8) })
    }

    /// Binary-safe `command`: arguments may hold any bytes, `\0` and `\r\n` included.
    public func command(_ args: [[UInt8]]) throws(RedisError) -> RedisReply {
        precondition(pendingCount == 0, "command() while pipelined replies are unread; call getReply() first")
        precondition(subscriptionCount == 0, "command() on a subscribed connection; use readPush()")
        try append(args)
        let reply = try getReply()
        if case .error(let text) = reply { throw .serverError(text) }
        return reply
    }

    /// Queues a command without waiting; its reply comes from a later `getReply()`, in order.
    public func append(_ args: [String]) throws(RedisError) {
        try append(args.map { Array($0.utf8) })
    }

    /// Binary-safe `append`.
    public func append(_ args: [[UInt8]]) throws(RedisError) {
        precondition(!args.isEmpty, "a Redis command needs at least its name")
        let name = Self.commandName(args[0])
        let context = try openContext()
        do throws(HiredisFailure) {
            try context.append(args)
        } catch {
            throw fail(error, during: name)
        }
        pending.append(name)
    }

    /// Sends whatever is queued and returns the reply to the oldest appended command; error
    /// replies are returned as `.error`, not thrown, so one bad command does not hide the others.
    public func getReply() throws(RedisError) -> RedisReply {
        let name = pendingCount > 0 ? pending[pendingHead] : "read"
        let reply = try readReply(during: "reply to \(name)")
        if pendingCount > 0 {
            pendingHead += 1
            if pendingHead == pending.count { pending.removeAll(keepingCapacity: true); pendingHead = 0 }
        }
        return reply
    }

    /// Sends the commands in batches without waiting between them and returns their replies in
    /// order; error replies come back as `.error` elements.
    public func pipeline(_ commands: [[String]]) throws(RedisError) -> [RedisReply] {
        // Batches bound the memory of hiredis's output buffer and of the server's reply buffer.
        let batch = 1024
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        var start = 0
        while start < commands.count {
            let end = min(start + batch, commands.count)
            for command in commands[start..<end] { try append(command) }
            for _ in start..<end { replies.append(try getReply()) }
            start = end
        }
        return replies
    }

    /// Queues `count` commands already encoded in RESP (see ``RESPEncoder``) in one call.
    public func appendEncoded(_ resp: [UInt8], count: Int, name: String) throws(RedisError) {
        let context = try openContext()
        do throws(HiredisFailure) {
            try context.appendFormatted(resp)
        } catch {
            throw fail(error, during: name)
        }
        for _ in 0..<count { pending.append(name) }
    }

    /// Writes every queued command without reading any reply: for a connection that switched its
    /// replies off (`CLIENT REPLY OFF`), the publisher's fire-and-forget path.
    public func sendWithoutReply(_ resp: [UInt8]) throws(RedisError) {
        let context = try openContext()
        do throws(HiredisFailure) {
            try context.appendFormatted(resp)
            try context.flush()
        } catch {
            throw fail(error, during: "write")
        }
    }

    /// Reads the reply to the oldest appended command without converting it: nil, or the text of
    /// an error reply. For pipelines whose replies only need checking (PUBLISH).
    public func discardReply() throws(RedisError) -> String? {
        let name = pendingCount > 0 ? pending[pendingHead] : "read"
        let context = try openContext()
        let result: String?
        do throws(HiredisFailure) {
            result = try context.discardReply()
        } catch {
            throw fail(error, during: "reply to \(name)")
        }
        if pendingCount > 0 {
            pendingHead += 1
            if pendingHead == pending.count { pending.removeAll(keepingCapacity: true); pendingHead = 0 }
        }
        return result
    }

    /// Reads the reply to the oldest appended stream read (`XREADGROUP`, `XAUTOCLAIM`) as entries.
    func getStreamEntries(payloadField: [UInt8]) throws(RedisError) -> StreamReply {
        let context = try openContext()
        let reply: StreamReply
        do throws(HiredisFailure) {
            reply = try context.readStreamReply(payloadField: payloadField)
        } catch {
            throw fail(error, during: "stream read")
        }
        consumePending()
        return reply
    }

    /// Reads the reply to the oldest appended `XADD` as its entry id.
    func getEntryID() throws(RedisError) -> Result<StreamEntryID, RedisError> {
        let context = try openContext()
        let reply: Result<StreamEntryID, RedisError>
        do throws(HiredisFailure) {
            reply = try context.readEntryIDReply()
        } catch {
            throw fail(error, during: "reply to XADD")
        }
        consumePending()
        return reply
    }

    private func consumePending() {
        if pendingCount > 0 {
            pendingHead += 1
            if pendingHead == pending.count { pending.removeAll(keepingCapacity: true); pendingHead = 0 }
        }
    }

    /// Changes the read (and write) timeout of later calls; nil blocks forever. A no-op when the
    /// socket has that timeout already: two `setsockopt` calls are tens of microseconds on a VM.
    public func setReadTimeout(_ timeout: Duration?) throws(RedisError) {
        let context = try openContext()
        guard timeout != readTimeout else { return }
        do throws(HiredisFailure) {
            try context.setTimeout(timeout)
            readTimeout = timeout
        } catch {
            throw fail(error, during: "set timeout")
        }
    }

    /// Closes the socket; later calls throw `.connectionClosed`. Safe to call more than once.
    public func close() {
        if context != nil { closedReason = "closed by the client" }
        context = nil
    }

    // MARK: - Internals shared with the pub/sub extension

    var pendingCount: Int { pending.count - pendingHead }

    func openContext() throws(RedisError) -> HiredisContext {
        guard let context else {
            throw .connectionClosed("\(closedReason) (\(endpoint.addressDescription))")
        }
        return context
    }

    func readReply(during operation: String) throws(RedisError) -> RedisReply {
        let context = try openContext()
        do throws(HiredisFailure) {
            return try context.getReply()
        } catch {
            throw fail(error, during: operation)
        }
    }

    /// Turns a hiredis failure into a `RedisError` and closes the connection it broke.
    func fail(_ failure: HiredisFailure, during operation: String) -> RedisError {
        let error = failure.redisError(during: operation)
        closedReason = "broken by an earlier failure: \(error)"
        context = nil
        pending.removeAll()
        pendingHead = 0
        return error
    }

    private func logIn() throws(RedisError) {
        if let password = endpoint.password {
            let args = endpoint.username.map { ["AUTH", $0, password] } ?? ["AUTH", password]
            do throws(RedisError) {
                _ = try command(args)
            } catch .serverError(let text) {
                throw .authenticationFailed(user: endpoint.username ?? "default", reply: text)
            }
        }
        if endpoint.database != 0 {
            do throws(RedisError) {
                _ = try command(["SELECT", String(endpoint.database)])
            } catch .serverError(let text) {
                throw .serverError("SELECT \(endpoint.database): \(text)")
            }
        }
    }

    /// The command's name for error messages; arguments are never shown, they may be secrets.
    private static func commandName(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(32), as: UTF8.self).uppercased()
    }
}
