public import NjordCore

/// The latest heartbeat of every service and how to show it: a service is `up` when its latest beat
/// is at most ``staleAfterNanoseconds`` old and does not say `down`.
public struct ServiceStatusBoard: Sendable {
    /// Beats come every second; three missed ones mean the service is gone.
    public static let staleAfterNanoseconds: Int64 = 3_000_000_000

    /// One service as `njord status` shows it.
    public struct Row: Equatable, Sendable {
        public var service: String
        public var up: Bool
        /// The service's own status word (`ok`, `degraded`, `down`).
        public var status: String
        public var ageMilliseconds: Int64
        public var pid: Int64
        public var host: String
        public var counters: [String: Int64]
    }

    private var latest: [String: (time: Timestamp, beat: Heartbeat)] = [:]

    public init() {}

    /// Keeps `envelope` when it is a heartbeat newer than the one held for its service.
    public mutating func add(_ envelope: EventEnvelope) {
        guard case .heartbeat(let beat) = envelope.payload else { return }
        if let held = latest[beat.service], held.time > envelope.eventTime { return }
        latest[beat.service] = (envelope.eventTime, beat)
    }

    /// Services by name, judged at `now`.
    public func rows(now: Timestamp) -> [Row] {
        latest.keys.sorted().compactMap { service in
            guard let (time, beat) = latest[service] else { return nil }
            let age = max(0, now.nanosecondsSinceEpoch - time.nanosecondsSinceEpoch)
            return Row(
                service: service, up: beat.status != .down && age <= Self.staleAfterNanoseconds,
                status: beat.status.rawValue, ageMilliseconds: age / 1_000_000, pid: beat.pid, host: beat.host,
                counters: beat.counters)
        }
    }

    /// One line per service: name, up/down, age, status, pid and the key counters (per-stream and
    /// bus detail counters are left to `--json`).
    public static func text(_ rows: [Row]) -> String {
        guard !rows.isEmpty else { return "no service heartbeats seen" }
        return rows.map { row in
            let key = row.counters.filter { name, _ in
                !name.contains(".") && (!name.hasPrefix("bus_") || name == "bus_connected")
            }
            let counters = key.keys.sorted().map { "\($0)=\(key[$0] ?? 0)" }.joined(separator: " ")
            let seen = "\(row.ageMilliseconds / 1_000).\(String(row.ageMilliseconds % 1_000 / 100))s ago"
            return "\(row.service)  \(row.up ? "up" : "DOWN")  last seen \(seen)  status \(row.status)  "
                + "pid \(row.pid)  \(counters)"
        }.joined(separator: "\n")
    }

    /// One JSON object: `{"services":[{"service":…,"up":…,"status":…,"age_ms":…,"pid":…,"host":…,"counters":{…}}]}`.
    public static func json(_ rows: [Row]) -> String {
        let services = rows.map { row in
            let counters = row.counters.keys.sorted().map { "\(quoted($0)):\(row.counters[$0] ?? 0)" }
                .joined(separator: ",")
            return "{\"service\":\(quoted(row.service)),\"up\":\(row.up),\"status\":\(quoted(row.status)),"
                + "\"age_ms\":\(row.ageMilliseconds),\"pid\":\(row.pid),\"host\":\(quoted(row.host)),"
                + "\"counters\":{\(counters)}}"
        }
        return "{\"services\":[\(services.joined(separator: ","))]}"
    }

    private static func quoted(_ text: String) -> String {
        var writer = JSONWriter(capacity: text.utf8.count + 2)
        writer.string(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
