import Foundation
import NjordCore
import Testing

@testable import NjordJournal

/// Runs a scripted action each time the follower has caught up; stops when the script ends.
final class ScriptedWait: JournalWaitStrategy {
    private var steps: [() throws -> Void]
    private(set) var waits = 0

    init(_ steps: [() throws -> Void]) { self.steps = steps }

    func waitForMoreData() throws -> Bool {
        waits += 1
        guard !steps.isEmpty else { return false }
        try steps.removeFirst()()
        return true
    }
}

struct JournalReaderTests {
    @Test func tornLastLineIsReportedAndSkipped() throws {
        let root = TemporaryJournalRoot()
        let writer = try JournalWriter(
            root: root.path, stream: "orders", durability: .fsyncEachEvent,
            clock: ManualClock(start: augustNinthLate))
        try writer.append(record(1))
        try writer.append(record(2))
        try writer.close()
        try root.appendRaw(#"{"seq":3,"#, to: root.file("orders", "2024-08-09"))

        var reported: [JournalIssue] = []
        var records: [String] = []
        let summary = try JournalReader(root: root.path, stream: "orders").forEachRecord(onIssue: {
            reported.append($0)
        }) {
            bytes, _ in records.append(String(decoding: bytes, as: UTF8.self))
        }
        #expect(records == [record(1), record(2)])
        #expect(summary.records == 2)
        #expect(reported == summary.issues)
        let torn = try #require(summary.issues.first)
        #expect(summary.issues.count == 1)
        #expect(torn.kind == .tornTail)
        #expect(torn.position.offset == UInt64(2 * (record(1).utf8.count + 1)))
        #expect(torn.length == 9)
        #expect(summary.resumePosition == torn.position)
    }

    @Test func readingResumesFromARecordsPosition() throws {
        let root = TemporaryJournalRoot()
        let clock = ManualClock(start: augustNinthLate)
        let writer = try JournalWriter(
            root: root.path, stream: "orders", durability: .fsyncEachEvent, clock: clock)
        for seq in 1...4 { try writer.append(record(seq)) }
        clock.advance(nanoseconds: 2_000_000_000)
        for seq in 5...6 { try writer.append(record(seq)) }
        try writer.close()

        let all = try readAll(root, "orders")
        // Resume after record 2 (inside the compressed day) and after record 5 (the plain day).
        let afterSecond = all.positions[1].afterRecord(ofLength: record(2).utf8.count)
        #expect(try readAll(root, "orders", from: afterSecond).records == (3...6).map(record))
        let afterFifth = all.positions[4].afterRecord(ofLength: record(5).utf8.count)
        #expect(try readAll(root, "orders", from: afterFifth).records == [record(6)])
        #expect(try readAll(root, "orders", from: all.summary.resumePosition).records.isEmpty)
    }

    @Test func followSeesRecordsAppendedAfterItCaughtUp() throws {
        let root = TemporaryJournalRoot()
        let clock = ManualClock(start: augustNinthLate)
        let writer = try JournalWriter(
            root: root.path, stream: "orders", durability: .fsyncEachEvent, clock: clock)
        try writer.append(record(1))
        let path = root.file("orders", "2024-08-09")
        let wait = ScriptedWait([
            { try writer.append(record(2)) },
            { try root.appendRaw(#"{"seq":3,"#, to: path) },  // a line still being written
            { try root.appendRaw(#""side":"buy"}"# + "\n", to: path) },
            {
                clock.advance(nanoseconds: 2_000_000_000)  // the writer rolls to 2024-08-10
                try writer.append(record(4))
            },
            { try writer.append(record(5)) },
        ])
        var seen: [String] = []
        let summary = try JournalReader(root: root.path, stream: "orders").follow(wait: wait) { bytes, _ in
            seen.append(String(decoding: bytes, as: UTF8.self))
        }
        #expect(seen == (1...5).map(record))
        #expect(summary.issues.isEmpty)
        #expect(wait.waits == 6)
        #expect(summary.resumePosition?.date == "2024-08-10")
    }

    @Test func followWaitsForAStreamThatDoesNotExistYet() throws {
        let root = TemporaryJournalRoot()
        let clock = ManualClock(start: augustNinthLate)
        var writer: JournalWriter?
        let wait = ScriptedWait([
            {},
            {
                writer = try JournalWriter(
                    root: root.path, stream: "late", durability: .fsyncEachEvent, clock: clock)
                try writer?.append(record(1))
            },
        ])
        var seen: [String] = []
        try JournalReader(root: root.path, stream: "late").follow(wait: wait) { bytes, _ in
            seen.append(String(decoding: bytes, as: UTF8.self))
        }
        #expect(seen == [record(1)])
    }

    @Test func recordsSpanningManyReadChunksAreSplitExactly() throws {
        let root = TemporaryJournalRoot()
        let writer = try JournalWriter(
            root: root.path, stream: "big",
            durability: .groupCommit(intervalNanoseconds: .max, maxBatch: 10_000),
            clock: ManualClock(start: augustNinthLate))
        // ~3 MB: several 1 MiB buffers, lines straddling their edges, and one line larger than a buffer.
        let huge = #"{"blob":""# + String(repeating: "z", count: 1_500_000) + #""}"#
        for seq in 0..<20_000 { try writer.append(record(seq)) }
        try writer.append(huge)
        for seq in 20_000..<30_000 { try writer.append(record(seq)) }
        try writer.close()

        var count = 0
        var ordered = true
        var sawHuge = false
        try JournalReader(root: root.path, stream: "big").forEachRecord { bytes, _ in
            if bytes.count == huge.utf8.count {
                sawHuge = true
                return
            }
            ordered = ordered && seqOf(bytes) == count
            count += 1
        }
        #expect(count == 30_000 && ordered && sawHuge)
    }
}
