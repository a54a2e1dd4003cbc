import Foundation
import NjordCore
import Testing

@testable import NjordJournal

/// A fresh journal root under /tmp per test, removed when the test ends.
final class TemporaryJournalRoot {
    let path: String

    init() {
        var template = Array("/tmp/njord-journal-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ stream: String, _ date: String, gz: Bool = false) -> String {
        "\(path)/\(stream)/\(date).ndjson\(gz ? ".gz" : "")"
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    func appendRaw(_ text: String, to path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    func contents(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }
}

/// A record the tests write: `{"seq":N,"side":"buy"}`.
func record(_ seq: Int) -> String { #"{"seq":\#(seq),"side":"buy"}"# }

/// Every valid record of a stream as text, with the read summary.
func readAll(_ root: TemporaryJournalRoot, _ stream: String, from: JournalPosition? = nil) throws
    -> (records: [String], positions: [JournalPosition], summary: JournalReadSummary)
{
    var records: [String] = []
    var positions: [JournalPosition] = []
    let summary = try JournalReader(root: root.path, stream: stream).forEachRecord(from: from) {
        bytes, position in
        records.append(String(decoding: bytes, as: UTF8.self))
        positions.append(position)
    }
    return (records, positions, summary)
}

/// The number after `"seq":` in a record.
func seqOf(_ bytes: some Collection<UInt8>) -> Int? {
    let key = Array(#""seq":"#.utf8)
    let b = Array(bytes)
    guard b.count > key.count,
        let start = (0...(b.count - key.count)).first(where: { Array(b[$0..<$0 + key.count]) == key })
    else { return nil }
    var i = start + key.count
    var value = 0
    var digits = 0
    while i < b.count, b[i] >= 48, b[i] <= 57 {
        value = value * 10 + Int(b[i] - 48)
        i += 1
        digits += 1
    }
    return digits > 0 ? value : nil
}

let augustNinthLate = Timestamp(iso8601: "2024-08-09T23:59:58Z")!

/// Waits until `condition` holds or `milliseconds` pass, polling every millisecond; never a fixed sleep.
func eventually(within milliseconds: Int = 5_000, _ condition: () -> Bool) -> Bool {
    let deadline = ConditionLock.deadline(afterMilliseconds: milliseconds)
    let gate = ConditionLock()
    while !condition() {
        if SystemClock().monotonicNanoseconds() >= deadline { return false }
        gate.withLock { _ = gate.wait(until: min(deadline, ConditionLock.deadline(afterMilliseconds: 1))) }
    }
    return true
}
