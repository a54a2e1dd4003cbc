import Foundation
import NjordCore
import Testing

struct KillSwitchWatcherTests {
    let start = Timestamp(millisecondsSinceEpoch: 1_723_161_905_000)

    func withRunDirectory(_ body: (KillSwitchFileStore) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("njord-ksw-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(KillSwitchFileStore(runDirectory: dir))
    }

    @Test func aMissedNotificationIsCaughtByThePeriodicReread() throws {
        try withRunDirectory { store in
            let clock = ManualClock(start: start)
            let bus = InProcessBus(clock: clock)
            let killSwitch = KillSwitchService(bus: bus, fileStore: store, clock: clock, authority: "bus:test")
            let watcher = KillSwitchWatcher(service: killSwitch, clock: clock, pollIntervalMilliseconds: 1_000)
            defer { watcher.stop() }
            #expect(!watcher.current().state.tripped)

            // Written straight to the key: no notification.
            let tripped = KillSwitchState(tripped: true, reason: "silent", by: "other", at: start)
            try bus.setValue(killSwitch.envelope(for: tripped).encoded(), forKey: Topics.killSwitchKey)
            #expect(!watcher.poll(), "not due yet and nothing announced")
            #expect(!watcher.current().state.tripped)
            clock.advance(nanoseconds: 1_000_000_000)
            #expect(watcher.poll())
            #expect(watcher.current().state == tripped)
        }
    }

    @Test func aNotificationTriggersAnImmediateReread() throws {
        try withRunDirectory { store in
            let clock = ManualClock(start: start)
            let bus = InProcessBus(clock: clock)
            let mine = KillSwitchService(bus: bus, fileStore: store, clock: clock, authority: "bus:test")
            let watcher = KillSwitchWatcher(service: mine, clock: clock, pollIntervalMilliseconds: 1_000)
            defer { watcher.stop() }
            let other = KillSwitchService(bus: bus, fileStore: store, clock: clock, authority: "bus:test")
            try other.trip(reason: "loss", by: "risk")
            #expect(watcher.poll())
            #expect(watcher.current().state.tripped)
        }
    }

    @Test func aReadingOlderThanTheStalenessBoundFailsClosed() throws {
        try withRunDirectory { store in
            let clock = ManualClock(start: start)
            let killSwitch = KillSwitchService(
                bus: InProcessBus(clock: clock), fileStore: store, clock: clock, authority: "bus:test")
            let watcher = KillSwitchWatcher(
                service: killSwitch, clock: clock, pollIntervalMilliseconds: 1_000, staleAfterMilliseconds: 3_000)
            defer { watcher.stop() }
            clock.advance(nanoseconds: 3_000_000_000)
            #expect(!watcher.current().state.tripped, "exactly at the bound is still fresh")
            clock.advance(nanoseconds: 1_000_000)
            let stale = watcher.current()
            #expect(stale.state.tripped)
            #expect(stale.problem?.contains("not confirmed by bus:test for 3001 ms") == true)
            #expect(watcher.poll())
            #expect(!watcher.current().state.tripped, "a fresh read clears it")
        }
    }

    @Test func aWatcherOnAnUnreachableBusReportsTripped() throws {
        try withRunDirectory { store in
            let clock = ManualClock(start: start)
            let killSwitch = KillSwitchService(
                bus: UnreachableBus(reason: "refused"), fileStore: store, clock: clock, authority: "redis:x")
            let watcher = KillSwitchWatcher(service: killSwitch, clock: clock)
            defer { watcher.stop() }
            #expect(watcher.current().state.tripped)
            #expect(watcher.current().problem?.hasPrefix("redis unreachable") == true)
        }
    }

    @Test func theBackgroundThreadSeesATripWithinTheDeadline() throws {
        try withRunDirectory { store in
            let clock = SystemClock()
            let bus = InProcessBus(clock: clock)
            let killSwitch = KillSwitchService(bus: bus, fileStore: store, clock: clock, authority: "bus:test")
            let watcher = KillSwitchWatcher(service: killSwitch, clock: clock, pollIntervalMilliseconds: 1_000)
            watcher.start()
            defer { watcher.stop() }
            try KillSwitchService(bus: bus, fileStore: store, clock: clock, authority: "bus:test")
                .trip(reason: "loss", by: "risk")
            #expect(watcher.wait(timeoutMilliseconds: 5_000) { $0.state.tripped } != nil)
        }
    }
}
