import Foundation
import NjordCore
import Testing

@testable import NjordJournal

struct JournalVerifierTests {
    @Test func verifyReportsEveryDamagedSpotWithItsOffset() throws {
        let root = TemporaryJournalRoot()
        let clock = ManualClock(start: augustNinthLate)
        let orders = try JournalWriter(
            root: root.path, stream: "orders", durability: .fsyncEachEvent, clock: clock)
        try orders.append(record(1))
        try orders.close()
        let path = root.file("orders", "2024-08-09")
        try root.appendRaw("garbage\n" + record(2) + "\n" + #"{"seq":3"#, to: path)
        let fills = try JournalWriter(
            root: root.path, stream: "fills", durability: .fsyncEachEvent, clock: clock)
        try fills.append(record(9))
        try fills.close()

        let report = try JournalVerifier(root: root.path).verify()
        #expect(report.files.map(\.stream) == ["fills", "orders"])
        #expect(report.records == 3)
        #expect(!report.isClean)
        let line = UInt64(record(1).utf8.count + 1)
        #expect(report.issues.map(\.kind) == [.corruptLine, .tornTail])
        #expect(report.issues.map(\.position.offset) == [line, line + 8 + line])
        #expect(report.tornTails == 1 && report.corruptLines == 1)

        let fillsOnly = try JournalVerifier(root: root.path).verify(stream: "fills")
        #expect(fillsOnly.isClean && fillsOnly.records == 1 && fillsOnly.files.count == 1)
    }

    @Test func damagedGzipIsReportedUnreadableNotFatal() throws {
        let root = TemporaryJournalRoot()
        let clock = ManualClock(start: augustNinthLate)
        let writer = try JournalWriter(
            root: root.path, stream: "orders", durability: .fsyncEachEvent, clock: clock)
        for seq in 1...1000 { try writer.append(record(seq)) }
        clock.advance(nanoseconds: 2_000_000_000)
        try writer.append(record(1001))
        try writer.close()

        // Cut the closed day's gzip in half.
        let gz = root.file("orders", "2024-08-09", gz: true)
        let data = try Data(contentsOf: URL(fileURLWithPath: gz))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: gz))

        let report = try JournalVerifier(root: root.path).verify(stream: "orders")
        #expect(report.files.count == 2)
        guard case .unreadable(let why)? = report.files[0].issues.last?.kind else {
            Issue.record("expected an unreadable issue, got \(report.files[0].issues)")
            return
        }
        #expect(why.contains("gzip") || why.contains("zlib"))
        #expect(report.files[1].issues.isEmpty && report.files[1].records == 1)
        #expect(throws: JournalError.truncatedGzip(path: gz)) { try readAll(root, "orders") }
    }
}
