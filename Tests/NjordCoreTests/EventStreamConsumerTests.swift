import NjordCore
import NjordTestSupport
import Testing

struct EventStreamConsumerTests {
    @Test(arguments: EventConsumerContract.allChecks.map(\.name))
    func holdsTheConsumerContract(_ name: String) throws {
        let check = EventConsumerContract.allChecks.first { $0.name == name }!.check
        try check(InProcessBus(clock: ManualClock(start: Timestamp(millisecondsSinceEpoch: 1_700_000_000_000))))
    }

    @Test func deadConsumersPendingEntriesAreClaimedAfterTheIdleTimeAndAppliedOnce() throws {
        let clock = ManualClock(start: Timestamp(millisecondsSinceEpoch: 1_700_000_000_000))
        let bus = InProcessBus(clock: clock)
        let events = try (1...10).map { try SampleEvents.orderIntent($0) }
        func options(_ name: String) -> EventStreamConsumer.Options {
            .init(
                stream: "orders:test", group: "risk", consumer: name, batchSize: 10, blockMilliseconds: 0,
                claimIdleMilliseconds: 1_000, claimIntervalMilliseconds: 500)
        }
        let victim = EventStreamConsumer(bus: bus, options: options("victim"), clock: clock)
        try victim.start()
        try bus.append(contentsOf: events.map { $0.encoded() }, to: "orders:test")
        // The victim applies four events and dies on the fifth, before acknowledging anything.
        var victimApplied: [String] = []
        struct Died: Error {}
        #expect(throws: Died.self) {
            try victim.process { event in
                if victimApplied.count == 4 { throw Died() }
                victimApplied.append(event.id)
            }
        }
        #expect(try bus.pendingCount(stream: "orders:test", group: "risk") == 6, "unhandled entries stay pending")
        #expect(victim.counters.handlerFailures == 1)

        let survivor = EventStreamConsumer(bus: bus, options: options("survivor"), clock: clock)
        survivor.seedApplied(victimApplied)
        var survivorApplied: [String] = []
        // Not idle long enough yet: nothing is taken.
        try EventConsumerContract.drain(survivor) { survivorApplied.append($0.id) }
        #expect(survivorApplied.isEmpty && survivor.counters.claimed == 0)
        clock.advance(nanoseconds: 1_000_000_000)
        try EventConsumerContract.drain(survivor) { survivorApplied.append($0.id) }
        #expect(Set(victimApplied + survivorApplied) == Set(events.map(\.id)))
        #expect(victimApplied.count + survivorApplied.count == events.count, "none applied twice")
        // The four applied were acknowledged when the handler failed; the rest was claimed.
        #expect(survivor.counters.claimed == 6)
        #expect(survivor.counters.duplicates == 0)
        #expect(try bus.pendingCount(stream: "orders:test", group: "risk") == 0)
    }

    @Test func appliedButUnacknowledgedEntriesAreSkippedWhenReclaimed() throws {
        let clock = ManualClock()
        let bus = InProcessBus(clock: clock)
        let events = try (1...6).map { try SampleEvents.orderIntent($0) }
        try bus.createGroup("risk", on: "s")
        try bus.append(contentsOf: events.map { $0.encoded() }, to: "s")
        // A consumer that read everything and applied the first three, then crashed before its ack.
        _ = try bus.readGroup(stream: "s", group: "risk", consumer: "dead", count: 10, blockMilliseconds: 0)
        let survivor = EventStreamConsumer(
            bus: bus,
            options: .init(
                stream: "s", group: "risk", consumer: "alive", blockMilliseconds: 0, claimIdleMilliseconds: 100),
            clock: clock)
        survivor.seedApplied(events.prefix(3).map(\.id))
        clock.advance(nanoseconds: 100_000_000)
        var applied: [String] = []
        try EventConsumerContract.drain(survivor) { applied.append($0.id) }
        #expect(applied == events.suffix(3).map(\.id))
        #expect(survivor.counters.claimed == 6)
        #expect(survivor.counters.duplicates == 3)
        #expect(try bus.pendingCount(stream: "s", group: "risk") == 0)
    }

    @Test func aFailedHandlerLeavesItsEntryPendingAndItIsRetriedAfterTheIdleTime() throws {
        let clock = ManualClock()
        let bus = InProcessBus(clock: clock)
        let events = try (1...3).map { try SampleEvents.orderIntent($0) }
        let consumer = EventStreamConsumer(
            bus: bus,
            options: .init(
                stream: "s", group: "g", consumer: "c", blockMilliseconds: 0, claimIdleMilliseconds: 1_000,
                claimIntervalMilliseconds: 1_000),
            clock: clock)
        try consumer.start()
        try bus.append(contentsOf: events.map { $0.encoded() }, to: "s")
        struct Refused: Error {}
        var applied: [String] = []
        var refuse = true
        let handler: (EventEnvelope) throws -> Void = { event in
            if event.id == events[1].id && refuse { throw Refused() }
            applied.append(event.id)
        }
        #expect(throws: Refused.self) { try consumer.process(handler) }
        #expect(applied == [events[0].id])
        #expect(try bus.pendingCount(stream: "s", group: "g") == 2)
        refuse = false
        clock.advance(nanoseconds: 1_000_000_000)
        try EventConsumerContract.drain(consumer, handler)
        #expect(applied == events.map(\.id))
        #expect(consumer.counters.applied == 3)
        #expect(consumer.counters.handlerFailures == 1)
        #expect(try bus.pendingCount(stream: "s", group: "g") == 0)
    }

    @Test func countersReadAsHeartbeatCounters() throws {
        var counters = EventStreamConsumer.Counters()
        counters.received = 7
        counters.deadLettered = 2
        #expect(counters.heartbeatCounters["received"] == 7)
        #expect(counters.heartbeatCounters["dead_lettered"] == 2)
        #expect(counters.heartbeatCounters.count == 6)
    }
}
