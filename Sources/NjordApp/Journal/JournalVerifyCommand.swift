public import ArgumentParser
import NjordJournal

/// `njord journal verify [--root DIR] [STREAM]`: exits non-zero when anything is damaged.
public struct JournalVerifyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Scan journals; report files, record counts, torn tails and corrupt lines.")

    @Option(help: "Journal root directory.")
    var root: String = JournalLayout.defaultRoot

    @Argument(help: "Stream to verify (default: every stream under the root).")
    var stream: String?

    public init() {}

    public func run() throws {
        let report = try JournalVerifier(root: root).verify(stream: stream)
        for file in report.files {
            let state = file.issues.isEmpty ? "ok" : "DAMAGED"
            print("\(file.file.path): \(file.records) records, \(file.bytes) bytes, \(state)")
            for issue in file.issues { print("  \(issue)") }
        }
        print(
            "\(report.files.count) files, \(report.records) records, \(report.tornTails) torn tails, "
                + "\(report.corruptLines) corrupt lines, \(report.issues.count) issues")
        if !report.isClean { throw ExitCode(1) }
    }
}
