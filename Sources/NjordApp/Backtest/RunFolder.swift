import Foundation

/// One backtest run folder under the runs directory, as `njord runs` and `njord report` read it:
/// `config.json` (what ran), `metrics.json`, `run.json` (when it finished). Missing or unreadable
/// files leave their fields empty rather than hiding the run. Metrics keep the text they were
/// written with (JSONSerialization may round a Double's last bit), so listings print them exactly.
struct RunFolder {
    /// The folder's name (the run id).
    var id: String
    /// Absolute path of the folder.
    var path: String
    var config: [String: Any]
    /// Metric key → its JSON number text (`null` included), as in metrics.json.
    var metrics: [String: String]
    var run: [String: Any]

    var strategy: String { config["strategy"] as? String ?? "" }
    var data: String { config["source"] as? String ?? "" }
    /// `name=value,…`, names sorted.
    var params: String {
        let values = config["params"] as? [String: Any] ?? [:]
        return values.keys.sorted().map { "\($0)=\(values[$0].map { "\($0)" } ?? "")" }.joined(separator: ",")
    }
    var finishedAt: String { run["finished_at"] as? String ?? "" }
    var reportPath: String { path + "/report.html" }

    /// The metric under `key`, nil when absent or null.
    func metric(_ key: String) -> Double? { metrics[key].flatMap { Double($0) } }

    init(path: String) throws(RunFolderError) {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw .notFound(path) }
        guard FileManager.default.fileExists(atPath: absolute.appendingPathComponent("config.json").path) else {
            throw .notARun(absolute.path)
        }
        self.id = absolute.lastPathComponent
        self.path = absolute.path
        config = Self.object(absolute.appendingPathComponent("config.json"))
        metrics = Self.flatNumbers(absolute.appendingPathComponent("metrics.json"))
        run = Self.object(absolute.appendingPathComponent("run.json"))
    }

    /// `run` as a folder path when one exists there, else as a run id under `runsDir`.
    static func resolve(_ run: String, runsDir: String) throws(RunFolderError) -> RunFolder {
        if run.contains("/"), FileManager.default.fileExists(atPath: run) { return try RunFolder(path: run) }
        return try RunFolder(path: runsDir + "/" + run)
    }

    /// Every run under `runsDir`, newest first (by finish time, then id); an absent directory has none.
    static func list(runsDir: String) -> [RunFolder] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runsDir)) ?? []
        let runs = names.compactMap { try? RunFolder(path: runsDir + "/" + $0) }
        return runs.sorted { ($0.finishedAt, $0.id) > ($1.finishedAt, $1.id) }
    }

    /// The members of a flat JSON object of numbers (metrics.json), each value's text as written.
    private static func flatNumbers(_ url: URL) -> [String: String] {
        guard let data = try? Data(contentsOf: url) else { return [:] }
        let body = String(decoding: data, as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "{}\n "))
        var out: [String: String] = [:]
        for member in body.split(separator: ",") {
            let parts = member.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: ["\""])
            out[key] = parts[1].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return out
    }

    private static func object(_ url: URL) -> [String: Any] {
        guard let data = try? Data(contentsOf: url) else { return [:] }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }
}

/// Why a run folder cannot be read.
enum RunFolderError: Error, CustomStringConvertible {
    /// No folder at the path (or no run of that id in the runs directory).
    case notFound(String)
    /// A folder without config.json: not written by `njord backtest`.
    case notARun(String)
    /// A run folder without report.html (written before reports existed, or damaged).
    case noReport(String)

    var description: String {
        switch self {
        case .notFound(let path): "no run folder at \(path)"
        case .notARun(let path): "\(path) is not a backtest run folder (no config.json)"
        case .noReport(let path): "\(path) has no report.html"
        }
    }
}
