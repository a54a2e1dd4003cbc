public import NjordCore

/// The bus payloads that are plain JSON objects rather than event envelopes: `log.<service>` lines
/// (NjordLogging's NDJSON record) and `bt.progress` updates. Each returns nil for a payload it cannot read; the reducer counts those as malformed.
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
    /// `progress` as a fraction or a percentage, or `done`/`total`), `status` (or the worker's
    /// `state`), what it runs and the worker's `host`.
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
        let detail = ["strategy", "symbol", "params", "message", "host"].compactMap { LooseJSON.text(object[$0]) }
            .joined(separator: " ")
        return BacktestJobRow(
            job: job, fraction: fraction.map { min(1, max(0, $0)) }, status: status, detail: detail,
            updatedAt: receivedAt)
    }
}
