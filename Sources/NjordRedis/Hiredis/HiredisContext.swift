import CHiredis
import NjordCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed hiredis call as hiredis reports it: its error code, `errno` right after the call, and
/// `errstr`. `RedisConnection` gives it a meaning (`RedisError`) that depends on what was being done.
struct HiredisFailure: Error {
    var code: Int32
    var errno: Int32
    var message: String

    /// A read that ran out of `SO_RCVTIMEO`: hiredis 0.14 reports it as an I/O error with EAGAIN.
    var isTimeout: Bool {
        code == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK || errno == ETIMEDOUT)
    }

    func redisError(during operation: String) -> RedisError {
        if isTimeout { return .timeout(operation: operation) }
        switch code {
        case REDIS_ERR_IO: return .io(errno: errno, reason: message)
        case REDIS_ERR_EOF: return .connectionClosed(message)
        case REDIS_ERR_PROTOCOL: return .protocolError(message)
        default: return .clientFailure(message)
        }
    }
}

// Writing to a socket the server has closed raises SIGPIPE, whose default action kills the process;
// hiredis 0.14 uses plain write(), so every process that talks to Redis must ignore it. A global
// `let` is initialised once, thread-safely, on first use.
private let sigpipeIgnored: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

/// The one place that calls hiredis: a blocking `redisContext` and the reply conversion.
/// Not thread-safe, like the context it owns.
final class HiredisContext {
    private let context: UnsafeMutablePointer<redisContext>

    private init(_ context: UnsafeMutablePointer<redisContext>) { self.context = context }

    deinit { redisFree(context) }

    static func connect(
        to address: RedisEndpoint.Address, timeout: Duration
    ) throws(HiredisFailure) -> HiredisContext {
        _ = sigpipeIgnored
        let tv = timeval(timeout)
        let raw: UnsafeMutablePointer<redisContext>?
        switch address {
        case .tcp(let host, let port): raw = redisConnectWithTimeout(host, Int32(clamping: port), tv)
        case .unix(let path): raw = redisConnectUnixWithTimeout(path, tv)
        }
        let savedErrno = errno
        guard let raw else {
            throw HiredisFailure(code: REDIS_ERR_OOM, errno: savedErrno, message: "cannot allocate a context")
        }
        let context = HiredisContext(raw)
        if raw.pointee.err != 0 { throw context.failure(errno: savedErrno) }
        return context
    }

    /// Sets `SO_RCVTIMEO` and `SO_SNDTIMEO`; nil (a zero timeval) blocks forever.
    func setTimeout(_ timeout: Duration?) throws(HiredisFailure) {
        let rc = redisSetTimeout(context, timeval(timeout ?? .zero))
        if rc != REDIS_OK { throw failure(errno: errno) }
    }

    /// Queues one command in hiredis's output buffer; nothing is sent until `getReply`.
    func append(_ args: [[UInt8]]) throws(HiredisFailure) {
        // One contiguous buffer (never empty, so its base address exists) and argv pointing into it.
        var flat: [UInt8] = []
        flat.reserveCapacity(args.reduce(1) { $0 + $1.count })
        var offsets: [Int] = []
        var lengths: [Int] = []
        offsets.reserveCapacity(args.count)
        lengths.reserveCapacity(args.count)
        for arg in args {
            offsets.append(flat.count)
            lengths.append(arg.count)
            flat.append(contentsOf: arg)
        }
        flat.append(0)
        let context = self.context
        let rc = flat.withUnsafeBytes { buffer in
            let base = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
            var argv: [UnsafePointer<CChar>?] = offsets.map { base + $0 }
            return redisAppendCommandArgv(context, Int32(args.count), &argv, lengths)
        }
        if rc != REDIS_OK { throw failure(errno: errno) }
    }

    /// Queues commands already encoded in RESP (the publisher's batches); nothing is sent until a read.
    func appendFormatted(_ bytes: [UInt8]) throws(HiredisFailure) {
        let context = self.context
        let rc = bytes.withUnsafeBytes { buffer in
            redisAppendFormattedCommand(context, buffer.baseAddress!.assumingMemoryBound(to: CChar.self), buffer.count)
        }
        if rc != REDIS_OK { throw failure(errno: errno) }
    }

    /// Reads the next reply and frees it without converting it; returns the text of an error reply.
    /// The publisher's path: replies to PUBLISH are counts it does not need.
    func discardReply() throws(HiredisFailure) -> String? {
        try withNextReply { reply in reply.type == REDIS_REPLY_ERROR ? Self.text(reply) : nil }
    }

    /// Flushes queued commands, blocks for the next reply, hands it to `body` and frees it: the one
    /// place a reply is taken from hiredis and released.
    private func withNextReply<T>(_ body: (redisReply) throws(HiredisFailure) -> T) throws(HiredisFailure) -> T {
        var raw: UnsafeMutableRawPointer?
        let rc = redisGetReply(context, &raw)
        let savedErrno = errno
        if rc != REDIS_OK { throw failure(errno: savedErrno) }
        guard let raw else {
            throw HiredisFailure(code: REDIS_ERR_PROTOCOL, errno: 0, message: "no reply from a blocking read")
        }
        defer { freeReplyObject(raw) }
        return try body(raw.assumingMemoryBound(to: redisReply.self).pointee)
    }

    /// Writes everything queued, blocking until the socket took it all; for connections whose
    /// replies are switched off (`CLIENT REPLY OFF`), where no read would ever flush.
    func flush() throws(HiredisFailure) {
        var done: Int32 = 0
        while done == 0 {
            if redisBufferWrite(context, &done) != REDIS_OK { throw failure(errno: errno) }
        }
    }

    /// Blocks for the next push, then takes every further push already buffered without another
    /// read: one wake-up of the subscriber thread hands over a whole burst. Messages come out as
    /// raw parts, skipping the general reply tree (this is the hot path of every subscriber).
    func readPushes(into batch: inout [RawPush], max: Int) throws(HiredisFailure) {
        var raw: UnsafeMutableRawPointer?
        if redisGetReply(context, &raw) != REDIS_OK { throw failure(errno: errno) }
        while let reply = raw {
            batch.append(Self.rawPush(reply.assumingMemoryBound(to: redisReply.self).pointee))
            freeReplyObject(reply)
            raw = nil
            if batch.count >= max { return }
            if redisGetReplyFromReader(context, &raw) != REDIS_OK { throw failure(errno: errno) }
        }
    }

    private static func rawPush(_ reply: redisReply) -> RawPush {
        func bytes(_ index: Int) -> [UInt8] {
            guard let element = reply.element[index]?.pointee, let str = element.str else { return [] }
            return Array(UnsafeRawBufferPointer(start: str, count: Int(element.len)))
        }
        guard reply.type == REDIS_REPLY_ARRAY, reply.elements >= 3 else { return RawPush(kind: .other) }
        let kind = bytes(0)
        if reply.elements == 3, kind == Array("message".utf8) {
            return RawPush(kind: .message, channel: bytes(1), payload: bytes(2))
        }
        if reply.elements == 4, kind == Array("pmessage".utf8) {
            return RawPush(kind: .message, channel: bytes(2), pattern: bytes(1), payload: bytes(3))
        }
        return RawPush(kind: .other, channel: bytes(1))
    }

    /// Reads the next reply as stream entries (an `XREADGROUP`/`XAUTOCLAIM` reply), straight from
    /// hiredis's tree into ``StreamEntry`` values: the consumer's hot path.
    func readStreamReply(payloadField: [UInt8]) throws(HiredisFailure) -> StreamReply {
        try withNextReply { reply in Self.streamReply(reply, payloadField: payloadField) }
    }

    private static func streamReply(_ reply: redisReply, payloadField: [UInt8]) -> StreamReply {
        switch reply.type {
        case REDIS_REPLY_NIL: return .entries([])
        case REDIS_REPLY_ERROR: return .error(Self.text(reply))
        case REDIS_REPLY_ARRAY: break
        default: return .malformed
        }
        // XREADGROUP: [[stream, [entry…]]]; XAUTOCLAIM: [cursor, [entry…], deleted].
        var list: redisReply?
        if reply.elements >= 2, let first = reply.element[0]?.pointee, first.type == REDIS_REPLY_STRING {
            list = reply.element[1]?.pointee
        } else if reply.elements >= 1, let first = reply.element[0]?.pointee, first.type == REDIS_REPLY_ARRAY,
            first.elements == 2
        {
            list = first.element[1]?.pointee
        }
        guard let list, list.type == REDIS_REPLY_ARRAY else { return .malformed }
        var entries: [StreamEntry] = []
        entries.reserveCapacity(Int(list.elements))
        for i in 0..<Int(list.elements) {
            guard let entry = list.element[i]?.pointee else { return .malformed }
            if entry.type == REDIS_REPLY_NIL { continue }  // trimmed while pending (Redis 6.2)
            guard entry.type == REDIS_REPLY_ARRAY, entry.elements == 2, let idReply = entry.element[0]?.pointee,
                let id = Self.entryID(idReply), let fields = entry.element[1]?.pointee
            else { return .malformed }
            var payload: [UInt8]?
            var others: [String] = []
            var f = 0
            while f + 1 < Int(fields.elements) {
                guard let name = fields.element[f]?.pointee, let value = fields.element[f + 1]?.pointee else {
                    return .malformed
                }
                let nameBytes = Self.bytes(name)
                if nameBytes == payloadField {
                    payload = Self.bytes(value)
                } else {
                    others.append(String(decoding: nameBytes, as: UTF8.self))
                    others.append(String(decoding: Self.bytes(value), as: UTF8.self))
                }
                f += 2
            }
            // An entry written by another tool without our field still reaches the consumer, whose
            // decoder dead-letters it: its fields as "name value" pairs keep what it held.
            entries.append(StreamEntry(id: id, payload: payload ?? Array(others.joined(separator: " ").utf8)))
        }
        return .entries(entries)
    }

    /// Reads the next reply as an entry id (`XADD`), without the general reply tree.
    func readEntryIDReply() throws(HiredisFailure) -> Result<StreamEntryID, RedisError> {
        try withNextReply { reply in
            if reply.type == REDIS_REPLY_ERROR { return .failure(.serverError(Self.text(reply))) }
            guard let id = Self.entryID(reply) else {
                return .failure(.protocolError("not an entry id: \(Self.text(reply))"))
            }
            return .success(id)
        }
    }

    private static func bytes(_ reply: redisReply) -> [UInt8] {
        guard let str = reply.str else { return [] }
        return Array(UnsafeRawBufferPointer(start: str, count: Int(reply.len)))
    }

    private static func text(_ reply: redisReply) -> String { String(decoding: bytes(reply), as: UTF8.self) }

    /// Parses `<ms>-<seq>` from a string reply's bytes.
    private static func entryID(_ reply: redisReply) -> StreamEntryID? {
        guard reply.type == REDIS_REPLY_STRING || reply.type == REDIS_REPLY_STATUS, let str = reply.str else {
            return nil
        }
        var ms: UInt64 = 0
        var seq: UInt64 = 0
        var sawDash = false
        var digits = 0
        for i in 0..<Int(reply.len) {
            let c = UInt8(bitPattern: str[i])
            if c == UInt8(ascii: "-") {
                guard !sawDash, digits > 0 else { return nil }
                sawDash = true
                digits = 0
                continue
            }
            guard c >= 48, c <= 57, digits < 19 else { return nil }
            if sawDash { seq = seq * 10 + UInt64(c - 48) } else { ms = ms * 10 + UInt64(c - 48) }
            digits += 1
        }
        guard sawDash, digits > 0 else { return nil }
        return StreamEntryID(milliseconds: ms, sequence: seq)
    }

    /// Flushes queued commands, then blocks for the next reply (or push, when subscribed).
    func getReply() throws(HiredisFailure) -> RedisReply {
        try withNextReply { reply throws(HiredisFailure) in try Self.convert(reply) }
    }

    /// After a read timeout nothing was consumed and the reader is intact, but hiredis keeps `err`
    /// set and refuses further reads; clearing it resumes the stream (used between pushes only,
    /// where no reply is owed, so nothing can be read out of turn).
    func clearTimeout() {
        context.pointee.err = 0
        context.pointee.errstr.0 = 0
    }

    private func failure(errno savedErrno: Int32) -> HiredisFailure {
        let message = withUnsafeBytes(of: context.pointee.errstr) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        return HiredisFailure(code: context.pointee.err, errno: savedErrno, message: message)
    }

    private static func convert(_ reply: redisReply) throws(HiredisFailure) -> RedisReply {
        func text() -> [UInt8] {
            guard let str = reply.str else { return [] }
            return Array(UnsafeRawBufferPointer(start: str, count: Int(reply.len)))
        }
        switch reply.type {
        case REDIS_REPLY_STRING: return .bytes(text())
        case REDIS_REPLY_STATUS: return .status(String(decoding: text(), as: UTF8.self))
        case REDIS_REPLY_ERROR: return .error(String(decoding: text(), as: UTF8.self))
        case REDIS_REPLY_INTEGER: return .integer(Int64(reply.integer))
        case REDIS_REPLY_NIL: return .null
        case REDIS_REPLY_ARRAY:
            var elements: [RedisReply] = []
            elements.reserveCapacity(Int(reply.elements))
            for index in 0..<Int(reply.elements) {
                guard let element = reply.element[index] else {
                    throw HiredisFailure(code: REDIS_ERR_PROTOCOL, errno: 0, message: "array element missing")
                }
                elements.append(try convert(element.pointee))
            }
            return .array(elements)
        default:
            throw HiredisFailure(
                code: REDIS_ERR_PROTOCOL, errno: 0, message: "unknown reply type \(reply.type)")
        }
    }
}

/// A stream read's reply: its entries (none on a timeout), an error reply, or an unexpected shape.
enum StreamReply {
    case entries([StreamEntry])
    case error(String)
    case malformed
}

/// A push as read off the wire: a (p)message's parts, or a confirmation (`other`).
struct RawPush {
    enum Kind { case message, other }
    var kind: Kind
    var channel: [UInt8] = []
    var pattern: [UInt8]?
    var payload: [UInt8] = []
}

extension timeval {
    fileprivate init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self.init(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}
