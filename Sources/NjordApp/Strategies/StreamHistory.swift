public import NjordCore
public import NjordRedis

/// Reads a whole stream back from its first entry (`XRANGE` in pages), for a daemon rebuilding
/// its state at start: entries are decoded as events; those that do not decode are counted and
/// left to the consumer group, which dead-letters them once. The pipeline benchmark reads its stages
/// back with it too.
public struct StreamHistory {
    public var events: [EventEnvelope] = []
    public var undecodable = 0

    public static func read(bus: RedisBus, stream: String, pageSize: Int = 10_000) throws(BusError) -> StreamHistory {
        var history = StreamHistory()
        var start = "-"
        while true {
            let reply = try bus.command(["XRANGE", stream, start, "+", "COUNT", String(pageSize)])
            guard let entries = reply.array else {
                if case .error(let message) = reply { throw .rejected(message) }
                return history
            }
            var last: StreamEntryID?
            for entry in entries {
                guard let pair = entry.array, pair.count == 2, let idText = pair[0].string,
                    let id = StreamEntryID(idText), let fields = pair[1].array
                else { continue }
                last = id
                var payload: [UInt8]?
                var index = 0
                while index + 1 < fields.count {
                    if fields[index].bytes == RedisBus.payloadField { payload = fields[index + 1].bytes }
                    index += 2
                }
                if let payload, let event = try? EventEnvelope(json: payload) {
                    history.events.append(event)
                } else {
                    history.undecodable += 1
                }
            }
            guard entries.count == pageSize, let last else { return history }
            // The next page starts just after the last id read.
            start = StreamEntryID(milliseconds: last.milliseconds, sequence: last.sequence + 1).description
        }
    }

    var fills: [(envelope: EventEnvelope, fill: Fill)] {
        events.compactMap { event in
            if case .fill(let fill) = event.payload { (event, fill) } else { nil }
        }
    }

    var orderEvents: [OrderEvent] {
        events.compactMap { event in
            if case .orderEvent(let update) = event.payload { update } else { nil }
        }
    }
}
