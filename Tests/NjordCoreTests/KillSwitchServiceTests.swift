import Foundation
import NjordCore
import Testing

struct KillSwitchServiceTests {
    let start = Timestamp(millisecondsSinceEpoch: 1_723_161_905_000)

    func withRunDirectory(_ body: (KillSwitchFileStore) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("njord-kss-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(KillSwitchFileStore(runDirectory: dir))
    }

    func service(_ bus: any MessageBus, _ store: KillSwitchFileStore, _ clock: any Clock) -> KillSwitchService {
        KillSwitchService(bus: bus, fileStore: store, clock: clock, authority: "bus:test")
    }

    func keyState(_ bus: any MessageBus) throws -> KillSwitchStateEvent? {
        guard let bytes = try bus.value(forKey: Topics.killSwitchKey) else { return nil }
        guard case .killSwitchState(let event) = try EventEnvelope(json: bytes).payload else { return nil }
        return event
    }

    @Test func tripSetsTheKeyPublishesTheChangeAndWritesTheFile() throws {
        try withRunDirectory { store in
            let clock = ManualClock(start: start)
            let bus = InProcessBus(clock: clock)
            let changes = try bus.subscribe([.topic(Topics.killSwitchChanged)])
            let outcome = try service(bus, store, clock).trip(reason: "daily loss", by: "risk:daily_loss")

            #expect(outcome.transition.changed)
            #expect(outcome.busProblem == nil)
            let key = try #require(try keyState(bus))
            #expect(key == KillSwitchStateEvent(tripped: true, reason: "daily loss", by: "risk:daily_loss", at: start))
            let published = changes.drain()
            #expect(published.count == 1)
            let event = try EventEnvelope(json: try #require(published.first).payload)
            #expect(event.payload == .killSwitchState(key))
            #expect(
                store.read().state
                    == KillSwitchState(tripped: true, reason: "daily loss", by: "risk:daily_loss", at: start))
            let history = try String(contentsOfFile: store.historyPath, encoding: .utf8)
            #expect(history.split(separator: "\n").count == 1)
        }
    }

    @Test func absentKeyAndTrippedFileReadTrippedAndRestoreTheKey() throws {
        try withRunDirectory { store in
            let clock = ManualClock(start: start)
            try store.trip(reason: "left over", by: "ops", at: start)
            let bus = InProcessBus(clock: clock)
            let changes = try bus.subscribe([.topic(Topics.killSwitchChanged)])

            let reading = service(bus, store, clock).read()
            #expect(reading.state.tripped)
            #expect(reading.state.reason == "left over")
            #expect(reading.source == "file:\(store.statePath)")
            #expect(try keyState(bus)?.tripped == true)
            #expect(changes.drain().count == 1, "the restore is announced")
            // Once restored, the key answers.
            #expect(service(bus, store, clock).read().source == "bus:test")
        }
    }

    @Test func bothAbsentMeansNeverTripped() throws {
        try withRunDirectory { store in
            let clock = ManualClock(start: start)
            let bus = InProcessBus(clock: clock)
            let reading = service(bus, store, clock).read()
            #expect(reading == KillSwitchReading(state: .neverTripped, source: "bus:test"))
            let key = try bus.value(forKey: Topics.killSwitchKey)
            #expect(key == nil, "reading writes nothing")
            #expect(!FileManager.default.fileExists(atPath: store.statePath))
        }
    }

    @Test func anUnreachableBusReadsTrippedWithTheReason() throws {
        try withRunDirectory { store in
            let reading = service(UnreachableBus(reason: "connection refused"), store, ManualClock(start: start)).read()
            #expect(reading.state.tripped)
            #expect(reading.problem == "redis unreachable: bus disconnected: connection refused")
            #expect(reading.source == "bus:test")
        }
    }

    @Test func aTripWhileTheBusIsAwayIsWrittenToTheFileAndLaterCarriedToTheKey() throws {
        try withRunDirectory { store in
            let clock = ManualClock(start: start)
            let bus = InProcessBus(clock: clock)
            try service(bus, store, clock).trip(reason: "first", by: "ops")
            clock.advance(nanoseconds: 1_000_000_000)
            try service(bus, store, clock).reset(reason: "fixed", by: "ops")
            clock.advance(nanoseconds: 1_000_000_000)

            let away = try service(UnreachableBus(reason: "down"), store, clock).trip(reason: "outage", by: "ops")
            #expect(away.transition.changed)
            #expect(away.busProblem?.hasPrefix("redis unreachable") == true)
            #expect(store.read().state.tripped)
            #expect(try keyState(bus)?.tripped == false, "the key has not seen it yet")

            let reading = service(bus, store, clock).read()
            #expect(reading.state.tripped && reading.state.reason == "outage")
            #expect(try keyState(bus)?.tripped == true, "the newer file trip is carried to the key")
        }
    }

    @Test func resetRequiresAReasonAndLeavesTheSwitchTripped() throws {
        try withRunDirectory { store in
            let clock = ManualClock(start: start)
            let bus = InProcessBus(clock: clock)
            let killSwitch = service(bus, store, clock)
            try killSwitch.trip(reason: "loss", by: "risk")
            #expect(throws: KillSwitchServiceError.refused(.resetNeedsReason)) {
                try killSwitch.reset(reason: "  ", by: "ops")
            }
            #expect(killSwitch.read().state.tripped)
            #expect(store.read().state.tripped)
        }
    }

    @Test func resetIsRefusedWhenTheBusIsUnreachable() throws {
        try withRunDirectory { store in
            let clock = ManualClock(start: start)
            try store.trip(reason: "loss", by: "risk", at: start)
            let killSwitch = service(UnreachableBus(reason: "down"), store, clock)
            #expect {
                try killSwitch.reset(reason: "fixed", by: "ops")
            } throws: { error in
                guard case .authorityUnreachable(let why) = error as? KillSwitchServiceError else { return false }
                return why.contains("redis unreachable")
            }
            #expect(store.read().state.tripped, "the file is untouched")
        }
    }

    @Test func resetReachesKeyFileAndTopic() throws {
        try withRunDirectory { store in
            let clock = ManualClock(start: start)
            let bus = InProcessBus(clock: clock)
            let killSwitch = service(bus, store, clock)
            try killSwitch.trip(reason: "loss", by: "risk")
            let changes = try bus.subscribe([.topic(Topics.killSwitchChanged)])
            clock.advance(nanoseconds: 5_000_000)
            let transition = try killSwitch.reset(reason: "reviewed", by: "ops")
            #expect(transition.changed)
            #expect(try keyState(bus)?.tripped == false)
            #expect(!store.read().state.tripped)
            #expect(changes.drain().count == 1)
        }
    }

    @Test func aCorruptKeyReadsTrippedAndATripRepairsIt() throws {
        try withRunDirectory { store in
            let clock = ManualClock(start: start)
            let bus = InProcessBus(clock: clock)
            try bus.setValue(Array("{not json".utf8), forKey: Topics.killSwitchKey)
            let killSwitch = service(bus, store, clock)
            let reading = killSwitch.read()
            #expect(reading.state.tripped)
            #expect(reading.problem?.contains("corrupt") == true)
            try killSwitch.trip(reason: "repair", by: "ops")
            #expect(try keyState(bus)?.reason == "repair")
        }
    }

    @Test func publishedEnvelopesHaveDistinctIds() throws {
        try withRunDirectory { store in
            let clock = ManualClock(start: start)
            let killSwitch = service(InProcessBus(clock: clock), store, clock)
            let state = KillSwitchState(tripped: true, reason: "x", by: "y", at: start)
            #expect(killSwitch.envelope(for: state).id != killSwitch.envelope(for: state).id)
        }
    }
}
