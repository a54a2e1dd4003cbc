public import ArgumentParser
import Foundation
import NjordConfig
import NjordCore
import NjordJournal

/// `njord reconcile --json`: reads the risk engine's journal (`<journal dir>/risk/`: intents,
/// decisions, the fills it applied), the paper trader's (`<journal dir>/paper/`: order events, fills,
/// position snapshots) and the kill switch history (`<run dir>/killswitch.history.ndjson`), and prints
/// one ``ReconcileReport``. Exits 0 when the report is ok, 1 when it is not, 2 when a journal cannot
/// be read at all.
public struct ReconcileCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "reconcile", abstract: "Check that the journals' order flow adds up.")

    /// The journal streams read, in this order.
    public static let streams = ["risk", "paper"]

    @Flag(help: "Print the report as one JSON object (the only format so far).")
    var json = false

    @Option(
        name: .customLong("journal-dir"),
        help: "Root of the journals (default: paths.journal_dir, else var/log/njord/journal).")
    var journalDir: String?

    @Option(
        name: .customLong("run-dir"),
        help: "Directory of the kill switch history (default: paths.run_dir, else var/run/njord).")
    var runDir: String?

    @Option(name: .customLong("config-dir"), help: "Directory of base.yaml, for the default directories.")
    var configDir = "config"

    public init() {}

    public func run() throws {
        let paths = Self.configuredPaths(configDir)
        let root = journalDir ?? paths?.journalDir ?? JournalLayout.defaultRoot
        let history = "\(runDir ?? paths?.runDir ?? "var/run/njord")/\(KillSwitchFileStore.historyFileName)"
        var reconciler = JournalReconciler()
        var unreadable = 0
        do {
            for stream in Self.streams {
                try JournalReader(root: root, stream: stream).forEachRecord { bytes, _ in
                    guard let envelope = try? EventEnvelope(json: bytes.bindMemory(to: UInt8.self)) else {
                        unreadable += 1
                        return
                    }
                    reconciler.add(envelope)
                }
            }
        } catch {
            StandardError.write("reconcile: cannot read the journals under \(root): \(error)")
            throw ExitCode(2)
        }
        for change in KillSwitchHistory.changes(path: history) {
            reconciler.addKillSwitchChange(at: change.at, tripped: change.tripped)
        }
        var report = reconciler.report()
        if unreadable > 0 { report.problems.append("\(unreadable) journal lines are not events") }
        print(report.json)
        if !report.ok { throw ExitCode(1) }
    }

    private static func configuredPaths(_ directory: String) -> PathsConfig? {
        guard FileManager.default.fileExists(atPath: "\(directory)/\(NjordConfiguration.baseFile)") else { return nil }
        return try? NjordConfiguration.load(directory: directory, environment: ProcessInfo.processInfo.environment)
            .base.paths
    }
}

/// The changes recorded in the kill switch history file (`KillSwitchFileStore`): one JSON object per
/// line with `action`, `changed`, `at` and `to.tripped`. Lines that changed nothing or do not parse
/// are skipped; a missing file is an empty history.
enum KillSwitchHistory {
    static func changes(path: String) -> [(at: Timestamp, tripped: Bool)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["changed"] as? Bool == true,
                let at = (object["at"] as? String).flatMap(Timestamp.init(iso8601:)),
                let to = object["to"] as? [String: Any], let tripped = to["tripped"] as? Bool
            else { return nil }
            return (at, tripped)
        }
    }
}
