import Foundation
import NjordConsole
import Testing

@testable import NjordApp

/// The console's tail of `<log dir>/<service>.ndjson`: whole lines only, from where the last poll
/// stopped, through partial lines, rotation, truncation, lag and over-long lines.
@Suite struct LogFileTailerTests {
    /// A fresh log directory, removed afterwards.
    final class Directory {
        let path = NSTemporaryDirectory() + "njord-log-tail-\(UUID().uuidString)"
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        func file(_ service: String) -> String { "\(path)/\(service).ndjson" }

        func append(_ service: String, _ text: String) throws {
            let path = file(service)
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
            }
            let handle = try #require(FileHandle(forWritingAtPath: path))
            defer { try? handle.close() }
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
        }
    }

    static func record(_ n: Int, service: String = "risk-engine") -> String {
        "{\"ts\":\"2024-08-09T00:00:0\(n % 10).000Z\",\"level\":\"info\",\"service\":\"\(service)\",\"msg\":\"line \(n)\",\"meta\":{}}"
    }

    static func texts(_ batch: LogFileBatch) -> [String] {
        batch.lines.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    @Test func aPartialLastLineWaitsForItsNewline() throws {
        let dir = Directory()
        let tailer = LogFileTailer(directory: dir.path)
        try dir.append("risk-engine", Self.record(1) + "\n" + "{\"ts\":\"2024-08-09T00:00:0")
        let first = tailer.poll()
        #expect(Self.texts(first) == [Self.record(1)])
        #expect(first.lines.first?.service == "risk-engine")
        #expect(tailer.poll().isEmpty)
        try dir.append(
            "risk-engine", "2.000Z\",\"level\":\"info\",\"service\":\"risk-engine\",\"msg\":\"line 2\",\"meta\":{}}\n")
        #expect(Self.texts(tailer.poll()) == [Self.record(2)])
    }

    @Test func filesPresentAtStartShowTheirLastLinesAndNeverACutOne() throws {
        let dir = Directory()
        let lines = (0..<2_000).map { Self.record($0) }
        try dir.append("md-ingest", lines.joined(separator: "\n") + "\n")
        var limits = LogFileTailer.Limits()
        limits.initialBytes = 4_096
        let tailer = LogFileTailer(directory: dir.path, limits: limits)
        let shown = Self.texts(tailer.poll())
        #expect(!shown.isEmpty && shown.count < 100, "\(shown.count) lines")
        #expect(shown == Array(lines.suffix(shown.count)), "not the file's last whole lines")
        #expect(shown.reduce(0) { $0 + $1.utf8.count + 1 } <= 4_096)
    }

    @Test func aFileCreatedAfterTheFirstPollIsReadFromItsStart() throws {
        let dir = Directory()
        var limits = LogFileTailer.Limits()
        limits.initialBytes = 64
        let tailer = LogFileTailer(directory: dir.path, limits: limits)
        #expect(tailer.poll().isEmpty)
        let lines = (0..<20).map { Self.record($0, service: "paper-trader") }
        try dir.append("paper-trader", lines.joined(separator: "\n") + "\n")
        #expect(Self.texts(tailer.poll()) == lines)
    }

    @Test func rotationFinishesTheOldFileThenReadsTheNewOneFromItsStart() throws {
        let dir = Directory()
        let tailer = LogFileTailer(directory: dir.path)
        try dir.append("strategy-host", Self.record(1) + "\n")
        #expect(Self.texts(tailer.poll()) == [Self.record(1)])
        // Written after the last poll and before the rename: still shown, from the old descriptor.
        try dir.append("strategy-host", Self.record(2) + "\n")
        try FileManager.default.moveItem(atPath: dir.file("strategy-host"), toPath: dir.file("strategy-host") + ".1")
        try dir.append("strategy-host", Self.record(3) + "\n")
        let batch = tailer.poll()
        #expect(Self.texts(batch) == [Self.record(2), Self.record(3)])
        #expect(batch.notices.map(\.message) == ["strategy-host.ndjson was rotated; reading the new file"])
        try dir.append("strategy-host", Self.record(4) + "\n")
        #expect(Self.texts(tailer.poll()) == [Self.record(4)])
    }

    @Test func truncationRestartsAtTheStartAndSaysSo() throws {
        let dir = Directory()
        let tailer = LogFileTailer(directory: dir.path)
        try dir.append("risk-engine", (1...3).map { Self.record($0) }.joined(separator: "\n") + "\n")
        #expect(tailer.poll().lines.count == 3)
        let handle = try #require(FileHandle(forWritingAtPath: dir.file("risk-engine")))
        try handle.truncate(atOffset: 0)
        try handle.close()
        try dir.append("risk-engine", Self.record(9) + "\n")
        let batch = tailer.poll()
        #expect(Self.texts(batch) == [Self.record(9)])
        #expect(batch.notices.map(\.message) == ["risk-engine.ndjson was truncated; reading from its start"])
    }

    @Test func malformedLinesAreHandedOnAndAnOverlongLineIsCutWithoutLosingTheNext() throws {
        let dir = Directory()
        var limits = LogFileTailer.Limits()
        limits.maxLineBytes = 100
        let tailer = LogFileTailer(directory: dir.path, limits: limits)
        _ = tailer.poll()
        let long = String(repeating: "x", count: 250)
        try dir.append("md-ingest", "not json\n\n" + long.prefix(150))
        let first = Self.texts(tailer.poll())
        #expect(first == ["not json", String(repeating: "x", count: 100)])
        try dir.append("md-ingest", long.dropFirst(150) + "\n" + Self.record(5) + "\n")
        #expect(Self.texts(tailer.poll()) == [Self.record(5)])
    }

    @Test func aFileFarAheadIsSkippedToItsLastLinesWithANotice() throws {
        let dir = Directory()
        var limits = LogFileTailer.Limits()
        limits.maxLagBytes = 10_000
        limits.initialBytes = 1_000
        let tailer = LogFileTailer(directory: dir.path, limits: limits)
        _ = tailer.poll()
        let lines = (0..<1_000).map { Self.record($0) }
        try dir.append("md-ingest", lines.joined(separator: "\n") + "\n")
        let batch = tailer.poll()
        let shown = Self.texts(batch)
        #expect(!shown.isEmpty && shown == Array(lines.suffix(shown.count)))
        #expect(shown.count < 20)
        #expect(batch.notices.count == 1 && batch.notices[0].message.hasPrefix("skipped "), "\(batch.notices)")
    }

    @Test func onlyNDJSONFilesDirectlyInTheDirectoryAreFollowed() throws {
        let dir = Directory()
        let tailer = LogFileTailer(directory: dir.path)
        try dir.append("risk-engine", Self.record(1) + "\n")
        try "backtest output\n".write(toFile: dir.path + "/backtest-r1.log", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir.path + "/journal", withIntermediateDirectories: true)
        try "{}\n".write(toFile: dir.path + "/journal/2024-08-09.ndjson", atomically: true, encoding: .utf8)
        let batch = tailer.poll()
        #expect(batch.lines.map(\.service) == ["risk-engine"])
    }

    @Test func aMissingDirectoryIsQuietUntilItAppears() throws {
        let dir = Directory()
        let tailer = LogFileTailer(directory: dir.path + "/later")
        #expect(tailer.poll().isEmpty)
        try FileManager.default.createDirectory(atPath: dir.path + "/later", withIntermediateDirectories: true)
        try Self.record(1).appending("\n").write(
            toFile: dir.path + "/later/risk-engine.ndjson", atomically: true, encoding: .utf8)
        #expect(Self.texts(tailer.poll()) == [Self.record(1)])
    }
}
