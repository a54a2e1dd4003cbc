import NjordCore
import NjordJournal
import NjordTestSupport
import Testing

/// `stage` / `sendStaged`: a batch across producers sharing one journal is synced once, before
/// anything reaches a stream.
@Suite struct JournaledStreamProducerTests {
    @Test func stagedEventsReachNoStreamUntilTheSharedJournalIsSyncedOnce() throws {
        let root = TemporaryJournalRoot()
        let bus = InProcessBus()
        let journal = try JournalWriter(
            root: root.path, stream: "paper",
            durability: .groupCommit(intervalNanoseconds: 3_600_000_000_000, maxBatch: 1 << 20),
            clock: ManualClock(start: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)))
        let events = JournaledStreamProducer(bus: bus, journal: journal, stream: "events", liveTopic: "flow.events")
        let fills = JournaledStreamProducer(bus: bus, journal: journal, stream: "fills", liveTopic: nil)
        let live = try bus.subscribe([.topic("flow.events")])
        defer { live.close() }

        try events.stage(try SampleEvents.orderIntent(1))
        try fills.stage(try SampleEvents.orderIntent(2))
        try events.stage(try SampleEvents.orderIntent(3))
        #expect(journal.lastSequence == 3)
        #expect(journal.durableSequence == 0, "staging does not sync")
        #expect(try bus.length(of: "events") == 0 && bus.length(of: "fills") == 0)
        #expect(live.drain().isEmpty)

        #expect(try events.sendStaged())
        #expect(journal.durableSequence == 3, "one sync covers both producers' records")
        #expect(try bus.length(of: "events") == 2)
        #expect(try bus.length(of: "fills") == 0, "the other producer appends on its own send")
        #expect(live.drain().count == 2)
        #expect(try fills.sendStaged())
        #expect(try bus.length(of: "fills") == 1)
        #expect(events.sent == 2 && fills.sent == 1)

        var journaled = 0
        try JournalReader(root: root.path, stream: "paper").forEachRecord { _, _ in journaled += 1 }
        #expect(journaled == 3)
    }

    @Test func writeThroughJournalLetsSendAppendOnceTheRecordIsWrittenWithoutASync() throws {
        let root = TemporaryJournalRoot()
        let bus = InProcessBus()
        let clock = ManualClock(start: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000))
        let journal = try JournalWriter(
            root: root.path, stream: "strategy-host",
            durability: .writeThrough(syncIntervalNanoseconds: 5_000_000, maxUnsynced: 4_096), clock: clock)
        let producer = JournaledStreamProducer(bus: bus, journal: journal, stream: "intents", liveTopic: nil)

        #expect(try producer.send(try SampleEvents.orderIntent(1)))
        #expect(try bus.length(of: "intents") == 1)
        #expect(journal.writtenSequence == 1)
        #expect(journal.durableSequence == 0, "the sync is the owner's, after sending")
        var journaled = 0
        try JournalReader(root: root.path, stream: "strategy-host").forEachRecord { _, _ in journaled += 1 }
        #expect(journaled == 1)
        #expect(try !journal.syncIfDue(), "not due before the interval")
        clock.advance(nanoseconds: 5_000_000)
        #expect(try journal.syncIfDue())
        #expect(eventually { journal.durableSequence == 1 })
    }
}
