import NjordCore
import NjordRedis

/// Gathers a ``BusStatusReport`` from a server with plain commands (`INFO`, `TYPE`, `XLEN`,
/// `XINFO GROUPS`, `XREVRANGE`). A missing stream is reported as absent; a key of another type as a
/// problem of that stream; only a failure to talk to the server at all is thrown.
struct BusStatusProbe {
    /// The order-flow streams, in the order of the flow.
    static let streams = [Topics.orderIntents, Topics.riskDecisions, Topics.orderEvents, Topics.fills]
    static let recentDeadLetters = 5

    let run: ([String]) throws(BusError) -> RedisReply

    func report(endpoint: String) throws(BusError) -> BusStatusReport {
        let info = Self.parseInfo(try run(["INFO"]).string ?? "")
        let connection = BusStatusReport.Connection(
            endpoint: endpoint, redisVersion: info["redis_version"],
            uptimeSeconds: info["uptime_in_seconds"].flatMap { Int($0) },
            connectedClients: info["connected_clients"].flatMap { Int($0) },
            usedMemoryBytes: info["used_memory"].flatMap { Int($0) }, usedMemoryHuman: info["used_memory_human"])
        var streams: [BusStatusReport.Stream] = []
        for name in Self.streams { streams.append(try stream(name)) }
        return BusStatusReport(connection: connection, streams: streams, deadLetters: try deadLetters())
    }

    func stream(_ name: String) throws(BusError) -> BusStatusReport.Stream {
        var s = BusStatusReport.Stream(name: name, exists: false, length: 0, groups: [], problem: nil)
        let type = try run(["TYPE", name]).string ?? "none"
        guard type != "none" else { return s }
        s.exists = true
        guard type == "stream" else {
            s.problem = "key holds a \(type), not a stream"
            return s
        }
        s.length = Int(try run(["XLEN", name]).integer ?? 0)
        s.groups = Self.parseGroups(try run(["XINFO", "GROUPS", name]))
        return s
    }

    func deadLetters() throws(BusError) -> BusStatusReport.DeadLetters {
        let name = Topics.deadLetters
        let s = try stream(name)
        var d = BusStatusReport.DeadLetters(
            stream: name, exists: s.exists, count: s.length, recent: [], problem: s.problem)
        guard s.exists, s.problem == nil else { return d }
        let entries = try run(["XREVRANGE", name, "+", "-", "COUNT", String(Self.recentDeadLetters)]).array ?? []
        d.recent = entries.reversed().map(Self.letter)
        return d
    }

    // MARK: - Reply parsing

    /// `key:value` lines of an `INFO` reply; section headers and blank lines skipped.
    static func parseInfo(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
        return fields
    }

    /// `XINFO GROUPS`: one flat field/value array per group (RESP2). `lag` is absent before Redis 7
    /// and null when the server cannot compute it.
    static func parseGroups(_ reply: RedisReply) -> [BusStatusReport.Group] {
        (reply.array ?? []).compactMap { group in
            let fields = pairs(group)
            guard let name = fields["name"]?.string else { return nil }
            return BusStatusReport.Group(
                name: name, consumers: Int(fields["consumers"]?.integer ?? 0),
                pending: Int(fields["pending"]?.integer ?? 0),
                lastDeliveredId: fields["last-delivered-id"]?.string ?? "",
                lag: fields["lag"]?.integer.map { Int($0) })
        }
    }

    /// One `XRANGE` entry, `[id, [field, value, …]]`, decoded as a ``DeadLetter``.
    static func letter(_ entry: RedisReply) -> BusStatusReport.Letter {
        let parts = entry.array ?? []
        let id = parts.first?.string ?? "?"
        var letter = BusStatusReport.Letter(id: id)
        let field = String(decoding: RedisBus.payloadField, as: UTF8.self)
        guard parts.count == 2, let payload = pairs(parts[1])[field]?.bytes else {
            letter.undecodable = "entry has no '\(field)' field"
            return letter
        }
        do {
            let d = try DeadLetter(json: payload)
            letter.origin = d.origin
            letter.kind = d.kind.rawValue
            letter.reason = d.reason
            letter.consumer = d.consumer
            letter.at = d.at.iso8601
        } catch {
            letter.undecodable = error.description
        }
        return letter
    }

    private static func pairs(_ reply: RedisReply) -> [String: RedisReply] {
        let flat = reply.array ?? []
        var fields: [String: RedisReply] = [:]
        var i = 0
        while i + 1 < flat.count {
            if let key = flat[i].string { fields[key] = flat[i + 1] }
            i += 2
        }
        return fields
    }
}

extension BusStatusReport.Letter {
    init(id: String) {
        self.init(id: id, origin: nil, kind: nil, reason: nil, consumer: nil, at: nil, undecodable: nil)
    }
}
