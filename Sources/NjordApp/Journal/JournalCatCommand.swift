public import ArgumentParser
import NjordJournal

/// `njord journal cat STREAM [--root DIR] [--from DAY]`: prints records, one per line.
public struct JournalCatCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cat", abstract: "Print a stream's records in order (damage is reported on stderr).")

    @Argument(help: "Stream name, e.g. orders or md.trades.BTCUSDT.")
    var stream: String

    @Option(help: "Journal root directory.")
    var root: String = JournalLayout.defaultRoot

    @Option(help: "First UTC day to print (YYYY-MM-DD).")
    var from: String?

    public init() {}

    public func run() throws {
        let reader = try JournalReader(root: root, stream: stream)
        let start = try from.map { try JournalPosition(date: $0) }
        let output = JournalOutput()
        try reader.forEachRecord(from: start, onIssue: { output.report($0) }) { bytes, _ in
            output.writeLine(bytes)
        }
        output.flush()
    }
}
