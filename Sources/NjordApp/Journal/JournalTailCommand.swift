public import ArgumentParser
import NjordJournal

/// `njord journal tail STREAM [--root DIR] [-n N] [--follow]`.
public struct JournalTailCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tail", abstract: "Print the last records of a stream, and optionally follow it.")

    @Argument(help: "Stream name.")
    var stream: String

    @Option(help: "Journal root directory.")
    var root: String = JournalLayout.defaultRoot

    @Option(name: .short, help: "How many records to print.")
    var n: Int = 10

    @Flag(help: "Keep printing records as they are appended.")
    var follow = false

    @Option(help: "Polling interval in milliseconds when following.")
    var pollMilliseconds: Int = 100

    public init() {}

    public func validate() throws {
        guard n >= 0 else { throw ValidationError("-n must be >= 0") }
        guard pollMilliseconds > 0 else { throw ValidationError("--poll-milliseconds must be > 0") }
    }

    public func run() throws {
        let reader = try JournalReader(root: root, stream: stream)
        let output = JournalOutput()
        // A ring of the last n records: the whole stream is read once, only n lines are kept.
        var ring: [[UInt8]] = []
        var next = 0
        let summary = try reader.forEachRecord(onIssue: { output.report($0) }) { bytes, _ in
            guard n > 0 else { return }
            if ring.count < n {
                ring.append(Array(bytes))
            } else {
                ring[next] = Array(bytes)
                next = (next + 1) % n
            }
        }
        for i in 0..<ring.count {
            ring[(next + i) % ring.count].withUnsafeBytes { output.writeLine($0) }
        }
        output.flush()
        guard follow else { return }
        let wait = PollingWait(intervalNanoseconds: pollMilliseconds * 1_000_000)
        try reader.follow(from: summary.resumePosition, wait: FlushingWait(wait, output)) { bytes, _ in
            output.writeLine(bytes)
        }
    }
}

/// Flushes printed records before each wait, so a follower sees them promptly.
private final class FlushingWait: JournalWaitStrategy {
    private let inner: any JournalWaitStrategy
    private let output: JournalOutput

    init(_ inner: any JournalWaitStrategy, _ output: JournalOutput) {
        self.inner = inner
        self.output = output
    }

    func waitForMoreData() throws -> Bool {
        output.flush()
        return try inner.waitForMoreData()
    }
}
