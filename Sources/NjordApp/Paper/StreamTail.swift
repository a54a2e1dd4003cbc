import NjordCore
import NjordRedis

/// The envelope ids of a stream's newest entries, for the paper trader's restart: order flow it
/// journaled but had not appended when it stopped is appended then, and only that.
protocol StreamTail {
    /// Ids of the newest `count` entries of `stream`, newest first (entries that do not decode are skipped).
    func recentEnvelopeIds(of stream: String, count: Int) throws -> [String]
}

extension RedisBus: StreamTail {
    func recentEnvelopeIds(of stream: String, count: Int) throws -> [String] {
        let reply = try command(["XREVRANGE", stream, "+", "-", "COUNT", String(count)])
        var ids: [String] = []
        for entry in reply.array ?? [] {
            guard let fields = entry.array?.dropFirst().first?.array, fields.count >= 2,
                let bytes = fields[1].bytes, let envelope = try? EventEnvelope(json: bytes)
            else { continue }
            ids.append(envelope.id)
        }
        return ids
    }
}
