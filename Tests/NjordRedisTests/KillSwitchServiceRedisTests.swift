import Foundation
import NjordCore
import NjordTestSupport
import Testing

@testable import NjordRedis

/// The kill switch service over a real redis-server: the key, the change topic, restarts, wipes
/// and outages.
@Suite struct KillSwitchServiceRedisTests {
    final class RunDirectory {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("njord-ksr-\(UUID().uuidString)").path
        var store: KillSwitchFileStore { KillSwitchFileStore(runDirectory: path) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    func bus(_ server: RedisServerFixture) throws -> RedisBus {
        try RedisBus(options: RedisBusOptions(endpoint: server.tcpEndpoint(), reconnectCapMilliseconds: 200))
    }

    func service(_ bus: RedisBus, _ server: RedisServerFixture, _ run: RunDirectory) -> KillSwitchService {
        KillSwitchService(
            bus: bus, fileStore: run.store, clock: SystemClock(), authority: "redis:127.0.0.1:\(server.port!)")
    }

    func keyEvent(_ bus: RedisBus) throws -> KillSwitchStateEvent? {
        guard let bytes = try bus.value(forKey: Topics.killSwitchKey) else { return nil }
        guard case .killSwitchState(let event) = try EventEnvelope(json: bytes).payload else { return nil }
        return event
    }

    @Test func tripSetsTheKeyPublishesTheChangeAndWritesTheFile() throws {
        let server = try RedisServerFixture()
        let run = RunDirectory()
        let producer = try bus(server), listener = try bus(server)
        defer { producer.close(); listener.close() }
        let changes = try listener.subscribe([.topic(Topics.killSwitchChanged)])
        defer { changes.close() }

        let outcome = try service(producer, server, run).trip(reason: "test trip", by: "test")
        #expect(outcome.busProblem == nil)
        #expect(try keyEvent(listener)?.tripped == true)
        let message = try #require(changes.next(timeoutMilliseconds: 5_000), "no change notification")
        guard case .killSwitchState(let event) = try EventEnvelope(json: message.payload).payload else {
            Issue.record("not a killswitch.state event")
            return
        }
        #expect(event.tripped && event.reason == "test trip")
        #expect(run.store.read().state.reason == "test trip")
    }

    @Test func anUnreachableRedisReadsTrippedWithAReasonNamingRedis() throws {
        let server = try RedisServerFixture()
        let run = RunDirectory()
        let redisBus = try bus(server)
        defer { redisBus.close() }
        let killSwitch = service(redisBus, server, run)
        #expect(!killSwitch.read().state.tripped)
        server.stop()
        let reading = killSwitch.read()
        #expect(reading.state.tripped)
        #expect(reading.problem?.hasPrefix("redis unreachable: ") == true, "\(reading)")
        #expect(reading.source == "redis:127.0.0.1:\(server.port!)")
        #expect {
            try killSwitch.reset(reason: "fixed", by: "ops")
        } throws: { error in
            guard case .authorityUnreachable = error as? KillSwitchServiceError else { return false }
            return true
        }
        let outcome = try killSwitch.trip(reason: "during outage", by: "ops")
        #expect(outcome.busProblem != nil)
        #expect(run.store.read().state.reason == "during outage", "the trip reached the file")
    }

    @Test func theStateSurvivesARedisRestartWithAppendOnlyPersistence() throws {
        let server = try RedisServerFixture(arguments: ["--appendonly", "yes", "--appendfsync", "always"])
        let writerRun = RunDirectory(), readerRun = RunDirectory()
        let writer = try bus(server)
        try service(writer, server, writerRun).trip(reason: "persisted", by: "test")
        writer.close()
        try server.restart()

        let reader = try bus(server)
        defer { reader.close() }
        // The reader has an empty run directory: only Redis can know the switch is tripped.
        let resolution = service(reader, server, readerRun).resolve()
        #expect(resolution.reachable && resolution.keyInSync)
        #expect(resolution.reading.state.tripped && resolution.reading.state.reason == "persisted")
        #expect(resolution.reading.source == "redis:127.0.0.1:\(server.port!)")
    }

    @Test func aWipedRedisIsRestoredFromTheFile() throws {
        let server = try RedisServerFixture()
        let run = RunDirectory()
        let redisBus = try bus(server)
        defer { redisBus.close() }
        let killSwitch = service(redisBus, server, run)
        try killSwitch.trip(reason: "before the wipe", by: "test")
        _ = try redisBus.command(["FLUSHALL"])
        #expect(try redisBus.value(forKey: Topics.killSwitchKey) == nil)

        let reading = killSwitch.read()
        #expect(reading.state.tripped && reading.state.reason == "before the wipe")
        #expect(reading.source == "file:\(run.store.statePath)")
        #expect(try keyEvent(redisBus)?.reason == "before the wipe", "the key is restored")
    }

    @Test func aWatcherSeesATripFromAnotherBusThroughTheNotification() throws {
        let server = try RedisServerFixture()
        let run = RunDirectory()
        let watcherBus = try bus(server), otherBus = try bus(server)
        defer { watcherBus.close(); otherBus.close() }
        // A poll interval longer than the deadline: only the notification can deliver in time.
        let watcher = KillSwitchWatcher(
            service: service(watcherBus, server, run), clock: SystemClock(), pollIntervalMilliseconds: 60_000)
        watcher.start()
        defer { watcher.stop() }
        #expect(!watcher.current().state.tripped)

        let started = SystemClock().monotonicNanoseconds()
        try service(otherBus, server, RunDirectory()).trip(reason: "remote", by: "risk")
        let seen = watcher.wait(timeoutMilliseconds: 5_000) { $0.state.tripped }
        let latencyMicros = (SystemClock().monotonicNanoseconds() - started) / 1_000
        #expect(seen?.state.reason == "remote")
        print("kill switch trip → watcher on another bus: \(latencyMicros) µs (trip call included)")
    }

    @Test func aWatcherCatchesAKeyChangeWithoutANotificationByPolling() throws {
        let server = try RedisServerFixture()
        let run = RunDirectory()
        let redisBus = try bus(server)
        defer { redisBus.close() }
        let killSwitch = service(redisBus, server, run)
        let watcher = KillSwitchWatcher(service: killSwitch, clock: SystemClock(), pollIntervalMilliseconds: 100)
        watcher.start()
        defer { watcher.stop() }
        let tripped = KillSwitchState(tripped: true, reason: "silent", by: "other", at: SystemClock().now())
        _ = try redisBus.command(["SET", Topics.killSwitchKey, killSwitch.envelope(for: tripped).jsonString])
        #expect(watcher.wait(timeoutMilliseconds: 5_000) { $0.state.tripped }?.state.reason == "silent")
    }
}
