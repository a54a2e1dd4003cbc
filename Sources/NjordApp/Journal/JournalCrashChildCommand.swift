public import ArgumentParser
import NjordConfig
import NjordCore
import NjordJournal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Hidden `njord journal crash-child`: the victim of the crash test. Appends `{"seq":N,…}` records
/// until killed (or `--count` records) and, only after each append returned, writes `N\n` to stdout
/// with one unbuffered write(2): the parent reads the pipe, so every seq it sees was acknowledged by
/// the journal before the kill. `--durability fsync_each` (default) syncs every append;
/// `group_commit` runs the daemons' mode (written at once, fdatasync'd after the ack when due).
public struct JournalCrashChildCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "crash-child", abstract: "Append acknowledged records until killed (crash test).",
        shouldDisplay: false)

    @Option(help: "Journal root directory.")
    var root: String

    @Option(help: "Stream name.")
    var stream: String

    @Option(help: "First sequence number.")
    var startSeq: UInt64 = 1

    @Option(help: "Stop after this many records (default: run until killed).")
    var count: UInt64?

    @Option(help: "fsync_each or group_commit (as journal.durability).")
    var durability: String = NjordConfig.JournalDurability.fsyncEach.rawValue

    public init() {}

    public func run() throws {
        guard let mode = NjordConfig.JournalDurability(rawValue: durability) else {
            throw ValidationError("--durability must be fsync_each or group_commit, not '\(durability)'")
        }
        let writer = try JournalWriter(
            root: root, stream: stream,
            durability: NjordJournal.JournalDurability(orderFlow: JournalConfig(durability: mode)),
            clock: SystemClock())
        let pad = String(repeating: "x", count: 64)
        var seq = startSeq
        while count.map({ seq - startSeq < $0 }) ?? true {
            try writer.append(#"{"seq":\#(seq),"pid":\#(getpid()),"pad":"\#(pad)"}"#)
            var ack = Array("\(seq)\n".utf8)
            let written = ack.withUnsafeMutableBytes { write(1, $0.baseAddress, $0.count) }
            guard written == ack.count else { throw ExitCode(2) }
            try writer.syncIfDue()
            seq += 1
        }
        try writer.close()
    }
}
