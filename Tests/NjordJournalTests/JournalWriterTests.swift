import Foundation
import NjordCore
import Testing

@testable import NjordJournal

struct JournalWriterTests {
    @Test func appendedRecordsReadBackInOrderWithTheirPositions() throws {
        let root = TemporaryJournalRoot()
        let clock = ManualClock(start: augustNinthLate)
        let writer = try JournalWriter(
            root: root.path, stream: "orders", durability: .fsyncEachEvent, clock: clock)
        var receipts: [JournalAppendReceipt] = []
        for seq in 1...5 { receipts.append(try writer.append(record(seq))) }
        receipts.append(try writer.append(Array(record(6).utf8)))
        try writer.close()

        let (records, positions, summary) = try readAll(root, "orders")
        #expect(records == (1...6).map(record))
        #expect(positions == receipts.map(\.position))
        #expect(receipts.map(\.sequence) == Array(1...6))
        #expect(summary.issues.isEmpty)
        #expect(
            try root.contents(root.file("orders", "2024-08-09")) == (1...6).map { record($0) + "\n" }.joined()
        )
    }

    @Test func fsyncEachEventAcknowledgesEveryAppend() throws {
        let root = TemporaryJournalRoot()
        let writer = try JournalWriter(
            root: root.path, stream: "orders", durability: .fsyncEachEvent,
            clock: ManualClock(start: augustNinthLate))
        for seq in 1...3 {
            let receipt = try writer.append(record(seq))
            #expect(receipt.isDurable)
            #expect(writer.durableSequence == UInt64(seq))
            #expect(try readAll(root, "orders").records.count == seq)
        }
    }

    @Test func groupCommitMakesRecordsDurableOnlyWhenABatchIsSynced() throws {
        let root = TemporaryJournalRoot()
        let clock = ManualClock(start: augustNinthLate)
        let writer = try JournalWriter(
            root: root.path, stream: "fills",
            durability: .groupCommit(intervalNanoseconds: 1_000_000_000, maxBatch: 100), clock: clock)
        for seq in 1...3 { #expect(!(try writer.append(record(seq))).isDurable) }
        #expect(writer.durableSequence == 0)
        #expect(try readAll(root, "fills").records.isEmpty)

        // The interval has passed: the next append writes the whole batch.
        clock.advance(nanoseconds: 1_000_000_000)
        let fourth = try writer.append(record(4))
        #expect(fourth.isDurable && fourth.sequence == 4)
        #expect(try readAll(root, "fills").records == (1...4).map(record))

        try writer.append(record(5))
        #expect(writer.durableSequence == 4)
        #expect(try writer.flush() == 5)
        #expect(try readAll(root, "fills").records == (1...5).map(record))
    }

    @Test func groupCommitSyncsWhenTheBatchIsFull() throws {
        let root = TemporaryJournalRoot()
        let writer = try JournalWriter(
            root: root.path, stream: "fills",
            durability: .groupCommit(intervalNanoseconds: .max, maxBatch: 3),
            clock: ManualClock(start: augustNinthLate))
        let receipts = try (1...7).map { try writer.append(record($0)) }
        #expect(receipts.map(\.isDurable) == [false, false, true, false, false, true, false])
        #expect(try readAll(root, "fills").records.count == 6)
        #expect(try writer.close() == 7)
        #expect(try readAll(root, "fills").records.count == 7)
        #expect(throws: JournalError.writerClosed) { try writer.append(record(8)) }
    }

    @Test func writeThroughRecordIsInTheFileWhenAppendReturnsBeforeAnySync() throws {
        let root = TemporaryJournalRoot()
        let writer = try JournalWriter(
            root: root.path, stream: "orders",
            durability: .writeThrough(syncIntervalNanoseconds: .max, maxUnsynced: 1_000),
            clock: ManualClock(start: augustNinthLate))
        for seq in 1...3 {
            let receipt = try writer.append(record(seq))
            #expect(!receipt.isDurable)
            // Another reader of the file sees the record at once: it is in the kernel, which a kill -9
            // of the writer cannot take back.
            #expect(try readAll(root, "orders").records == (1...seq).map(record))
            #expect(writer.writtenSequence == UInt64(seq) && writer.settledSequence == UInt64(seq))
        }
        #expect(writer.durableSequence == 0, "nothing synced yet")
        #expect(try writer.flush() == 3)
        #expect(writer.durableSequence == 3)
    }

    @Test func writeThroughSyncsOnItsThreadOnceTheOldestRecordWaitedTheIntervalOrTooManyWait() throws {
        let root = TemporaryJournalRoot()
        let clock = ManualClock(start: augustNinthLate)
        let writer = try JournalWriter(
            root: root.path, stream: "orders",
            durability: .writeThrough(syncIntervalNanoseconds: 5_000_000, maxUnsynced: 4), clock: clock)
        clock.advance(nanoseconds: 10_000_000)
        try writer.append(record(1))
        #expect(writer.durableSequence == 0, "an append never syncs, however long since the last sync")
        #expect(try !writer.syncIfDue(), "the record has not waited the interval")
        clock.advance(nanoseconds: 4_999_999)
        try writer.append(record(2))
        #expect(try !writer.syncIfDue())
        clock.advance(nanoseconds: 1)
        #expect(try writer.syncIfDue(), "the oldest record waited 5 ms: a sync is requested")
        #expect(eventually { writer.durableSequence == 2 }, "the sync thread made both durable")
        #expect(try !writer.syncIfDue(), "nothing waits")

        for seq in 3...5 { try writer.append(record(seq)) }
        #expect(try !writer.syncIfDue())
        try writer.append(record(6))
        #expect(try writer.syncIfDue(), "four records wait")
        #expect(try !writer.syncIfDue(), "a requested sync covers them")
        #expect(eventually { writer.durableSequence == 6 })
        #expect(try writer.close() == 6)
        #expect(try readAll(root, "orders").records == (1...6).map(record))
    }

    @Test func appendTogetherWritesItsRecordsOnlyWhenItReturns() throws {
        let root = TemporaryJournalRoot()
        let writer = try JournalWriter(
            root: root.path, stream: "paper",
            durability: .writeThrough(syncIntervalNanoseconds: 0, maxUnsynced: 1),
            clock: ManualClock(start: augustNinthLate))
        try writer.append(record(1))
        try writer.appendTogether {
            try writer.append(record(2))
            try writer.append(record(3))
            #expect(try readAll(root, "paper").records == [record(1)], "none of the batch before it ends")
            #expect(writer.writtenSequence == 1)
            #expect(try !writer.syncIfDue(), "no sync inside a batch")
        }
        #expect(try readAll(root, "paper").records == (1...3).map(record))
        #expect(writer.writtenSequence == 3 && writer.durableSequence == 0)
    }

    @Test func appendTogetherUnderFsyncEachEventSyncsOnceAtTheEnd() throws {
        let root = TemporaryJournalRoot()
        let writer = try JournalWriter(
            root: root.path, stream: "paper", durability: .fsyncEachEvent, clock: ManualClock(start: augustNinthLate))
        let receipts = try writer.appendTogether { try (1...3).map { try writer.append(record($0)) } }
        #expect(receipts.map(\.isDurable) == [false, false, false])
        #expect(writer.durableSequence == 3)
        #expect(try readAll(root, "paper").records == (1...3).map(record))
    }

    @Test func recordWithNewlineIsRejected() throws {
        let root = TemporaryJournalRoot()
        let writer = try JournalWriter(
            root: root.path, stream: "orders", durability: .fsyncEachEvent,
            clock: ManualClock(start: augustNinthLate))
        #expect(throws: JournalError.recordContainsNewline(offset: 7)) {
            try writer.append("{\"a\":1,\n\"b\":2}")
        }
        #expect(throws: JournalError.recordNotJSONObject) { try writer.append("plain text") }
        #expect(throws: JournalError.recordNotJSONObject) { try writer.append("") }
        try writer.append(record(1))
        #expect(try readAll(root, "orders").records == [record(1)])
    }

    @Test func utcDayChangeRollsToANewFileAndCompressesTheClosedDay() throws {
        let root = TemporaryJournalRoot()
        let clock = ManualClock(start: augustNinthLate)
        let writer = try JournalWriter(
            root: root.path, stream: "md.trades.BTCUSDT", durability: .fsyncEachEvent, clock: clock)
        try writer.append(record(1))
        try writer.append(record(2))
        clock.advance(nanoseconds: 2_000_000_000)  // 2024-08-10T00:00:00Z
        let third = try writer.append(record(3))
        try writer.close()

        #expect(third.position == JournalPosition(day: augustNinthLate.utcDayNumber + 1, offset: 0))
        #expect(root.exists(root.file("md.trades.BTCUSDT", "2024-08-09", gz: true)))
        #expect(!root.exists(root.file("md.trades.BTCUSDT", "2024-08-09")))
        #expect(root.exists(root.file("md.trades.BTCUSDT", "2024-08-10")))
        let (records, positions, summary) = try readAll(root, "md.trades.BTCUSDT")
        #expect(records == (1...3).map(record))
        #expect(positions.map(\.date) == ["2024-08-09", "2024-08-09", "2024-08-10"])
        #expect(summary.issues.isEmpty)
    }

    @Test func writerStartingOnALaterDayCompressesLeftoverPlainDays() throws {
        let root = TemporaryJournalRoot()
        let clock = ManualClock(start: augustNinthLate)
        let first = try JournalWriter(
            root: root.path, stream: "orders", durability: .fsyncEachEvent, clock: clock)
        try first.append(record(1))
        try first.close()
        clock.advance(nanoseconds: 3 * 86_400_000_000_000)
        let second = try JournalWriter(
            root: root.path, stream: "orders", durability: .fsyncEachEvent, clock: clock)
        try second.append(record(2))
        try second.close()

        #expect(root.exists(root.file("orders", "2024-08-09", gz: true)))
        #expect(!root.exists(root.file("orders", "2024-08-09")))
        #expect(try readAll(root, "orders").records == [record(1), record(2)])
    }

    @Test func reopeningAFileWithATornTailAppendsARepairNewline() throws {
        let root = TemporaryJournalRoot()
        let clock = ManualClock(start: augustNinthLate)
        let first = try JournalWriter(
            root: root.path, stream: "orders", durability: .fsyncEachEvent, clock: clock)
        try first.append(record(1))
        try first.close()
        let path = root.file("orders", "2024-08-09")
        try root.appendRaw(#"{"seq":2,"si"#, to: path)

        let second = try JournalWriter(
            root: root.path, stream: "orders", durability: .fsyncEachEvent, clock: clock)
        try second.append(record(3))
        try second.close()

        #expect(try root.contents(path) == record(1) + "\n" + #"{"seq":2,"si"# + "\n" + record(3) + "\n")
        let (records, _, summary) = try readAll(root, "orders")
        #expect(records == [record(1), record(3)])
        #expect(summary.issues.map(\.kind) == [.corruptLine])
        #expect(summary.issues.first?.position.offset == UInt64(record(1).utf8.count + 1))
        #expect(summary.issues.first?.length == 12)
    }

    @Test func unsafeStreamNamesAreRefused() throws {
        for bad in [
            "", ".", "..", "a/b", "../etc", "orders md", "ordérs", String(repeating: "a", count: 201),
        ] {
            #expect(throws: JournalError.invalidStreamName(bad)) { try JournalStreamName(bad) }
            #expect(throws: JournalError.invalidStreamName(bad)) {
                try JournalWriter(
                    root: "/tmp", stream: bad, durability: .fsyncEachEvent, clock: ManualClock())
            }
        }
        for good in ["orders", "md.trades.BTCUSDT", "a_b-c.9", "..."] {
            #expect(try JournalStreamName(good).rawValue == good)
        }
    }
}

extension JournalWriterTests {
    @Test func theAppendThatRollsTheDayDoesNotWaitForTheClosedDaysCompression() throws {
        let root = TemporaryJournalRoot()
        let clock = ManualClock(start: augustNinthLate)
        let writer = try JournalWriter(
            root: root.path, stream: "orders",
            durability: .writeThrough(syncIntervalNanoseconds: 5_000_000, maxUnsynced: 1 << 20),
            clock: clock)
        // A day of ~40 MB: gzip takes far longer than an append.
        let padding = String(repeating: "x", count: 400)
        for n in 0..<100_000 { try writer.append("{\"n\":\(n),\"pad\":\"\(padding)\"}") }
        clock.advance(nanoseconds: 2_000_000_000)  // 2024-08-10T00:00:00Z
        try writer.append(record(1))
        // Compressed synchronously, the gzip would be complete (and the plain file gone) by now.
        #expect(root.exists(root.file("orders", "2024-08-09")))
        #expect(!root.exists(root.file("orders", "2024-08-09", gz: true)))
        try writer.close()
        #expect(root.exists(root.file("orders", "2024-08-09", gz: true)))
        #expect(!root.exists(root.file("orders", "2024-08-09")))
        #expect(try readAll(root, "orders").records.count == 100_001)
    }
}
