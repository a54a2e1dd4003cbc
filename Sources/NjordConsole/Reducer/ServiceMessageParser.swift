public import NjordCore

/// The bus payloads that are plain JSON objects rather than event envelopes: `log.<service>` lines
/// (NjordLogging's NDJSON record), `bt.progress` updates and the `njord:bt:results` index. Each
/// returns nil for a payload it cannot read; the reducer counts those as malformed.
public enum ServiceMessageParser {
    /// `{"ts":"…","level":"warning","service":"…","msg":"…","meta":{…}}`.
    public static func logLine(_ bytes: [UInt8], topic: String, receivedAt: Timestamp) -> LogRow? {
        logLine(bytes, service: String(topic.dropFirst(Topics.log("").count)), receivedAt: receivedAt)
    }

    /// The same record read from a file; `service` (the file's) stands in when the record names none.
    public static func logLine(_ bytes: [UInt8], service fallback: String, receivedAt: Timestamp) -> LogRow? {
        guard let object = LooseJSON.object(bytes), let message = object["msg"] as? String else { return nil }
        let service = (object["service"] as? String) ?? fallback
        let time = (object["ts"] as? String).flatMap { Timestamp(iso8601: $0) } ?? receivedAt
        var text = message
        if let meta = object["meta"] as? [String: Any], !meta.isEmpty {
            let pairs = meta.keys.sorted().compactMap { key in LooseJSON.text(meta[key]).map { "\(key)=\($0)" } }
            if !pairs.isEmpty { text += " " + pairs.joined(separator: " ") }
        }
        return LogRow(
            at: time, level: LogLevel(name: (object["level"] as? String) ?? "info"), service: service,
            message: text)
    }

    /// A progress update: the job (`job`, `job_id`, `run_id` or `id`), how far (`fraction` 0…1,
    /// `progress` as a fraction or a percentage, or `done`/`total`), `status` and what it runs.
    public static func backtestProgress(_ bytes: [UInt8], receivedAt: Timestamp) -> BacktestJobRow? {
        guard let object = LooseJSON.object(bytes),
            let job = LooseJSON.text(LooseJSON.first(object, ["job", "job_id", "run_id", "id"]))
        else { return nil }
        var fraction: Double?
        if let f = LooseJSON.number(object["fraction"]) {
            fraction = f
        } else if let p = LooseJSON.number(LooseJSON.first(object, ["progress", "pct", "percent"])) {
            fraction = p > 1 ? p / 100 : p
        } else if let done = LooseJSON.number(object["done"]), let total = LooseJSON.number(object["total"]), total > 0
        {
            fraction = done / total
        }
        let status = LooseJSON.text(LooseJSON.first(object, ["status", "state"])) ?? "running"
        let detail = ["strategy", "symbol", "params", "message"].compactMap { LooseJSON.text(object[$0]) }
            .joined(separator: " ")
        return BacktestJobRow(
            job: job, fraction: fraction.map { min(1, max(0, $0)) }, status: status, detail: detail,
            updatedAt: receivedAt)
    }

    /// The results index: an array of objects, or an object of objects keyed by run id. Each row
    /// keeps its scalar fields, in name order.
    public static func backtestResults(_ bytes: [UInt8]) -> [BacktestResultRow]? {
        guard let value = LooseJSON.value(bytes) else { return nil }
        var entries: [(String?, [String: Any])] = []
        if let array = value as? [Any] {
            entries = array.compactMap { ($0 as? [String: Any]).map { (nil, $0) } }
        } else if let object = value as? [String: Any] {
            if let runs = object["runs"] as? [Any] {
                entries = runs.compactMap { ($0 as? [String: Any]).map { (nil, $0) } }
            } else {
                entries = object.keys.sorted().compactMap { key in (object[key] as? [String: Any]).map { (key, $0) } }
            }
        } else {
            return nil
        }
        return entries.prefix(500).map { key, fields in
            let id = key ?? LooseJSON.text(LooseJSON.first(fields, ["run_id", "id", "job"])) ?? "?"
            let scalars = fields.keys.sorted().filter { !["run_id", "id"].contains($0) }
                .compactMap { name in LooseJSON.text(fields[name]).map { (name, $0) } }
            return BacktestResultRow(id: id, fields: scalars)
        }
    }
}
