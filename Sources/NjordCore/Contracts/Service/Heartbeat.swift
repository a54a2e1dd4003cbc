/// A service's periodic sign of life (`service.heartbeat`).
public struct Heartbeat: Hashable, Sendable {
    public var service: String
    public var host: String
    public var pid: Int64
    public var startedAt: Timestamp
    public var status: ServiceStatus
    /// Monotonic counters (`messages_in`, `errors`, …); written with keys in byte order.
    public var counters: [String: Int64]

    public init(
        service: String, host: String, pid: Int64, startedAt: Timestamp, status: ServiceStatus,
        counters: [String: Int64]
    ) {
        self.service = service
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.status = status
        self.counters = counters
    }
}

extension Heartbeat: WirePayload {
    static let eventType = EventType.heartbeat
    static let fields = NameTable(["service", "host", "pid", "started_at", "status", "counters"])

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"service\":")
        w.string(service)
        w.raw(",\"host\":")
        w.string(host)
        w.raw(",\"pid\":")
        w.int(pid)
        w.raw(",\"started_at\":")
        w.int(startedAt.nanosecondsSinceEpoch)
        w.raw(",\"status\":")
        w.enumValue(status)
        w.raw(",\"counters\":{")
        // Byte order, not String's Unicode order, so the bytes are the same on every platform.
        let sorted = counters.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        for (i, counter) in sorted.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.string(counter.key)
            w.byte(UInt8(ascii: ":"))
            w.int(counter.value)
        }
        w.raw("}}")
    }

    static func decode(from r: inout JSONReader) throws(ContractError) -> Heartbeat {
        try r.beginObject(at: "data")
        var c = FieldCursor(fields)
        var service = "", host = "", pid: Int64 = 0, startedAt: Int64 = 0, status = ServiceStatus.ok
        var counters: [String: Int64] = [:]
        while let field = try c.next(in: &r, parent: "data") {
            switch field {
            case 0: service = try r.readString(at: "data.service")
            case 1: host = try r.readString(at: "data.host")
            case 2: pid = try r.readInt64(at: "data.pid")
            case 3: startedAt = try r.readInt64(at: "data.started_at")
            case 4: status = try r.readEnum(ServiceStatus.self, at: "data.status")
            case 5: counters = try readCounters(&r)
            default: try r.skipValue(depth: 2, at: "data")
            }
        }
        try c.requireAll(parent: "data")
        return Heartbeat(
            service: service, host: host, pid: pid, startedAt: Timestamp(nanosecondsSinceEpoch: startedAt),
            status: status, counters: counters)
    }

    private static func readCounters(_ r: inout JSONReader) throws(ContractError) -> [String: Int64] {
        try r.beginObject(at: "data.counters")
        var counters: [String: Int64] = [:]
        var first = true
        while let ref = try r.nextKey(isFirst: &first, at: "data.counters") {
            let name = ref.string(in: r.input)
            let value = try r.readInt64(at: "data.counters.\(name)")
            guard counters.updateValue(value, forKey: name) == nil else {
                throw .duplicateField(path: "data.counters.\(name)")
            }
        }
        return counters
    }
}
