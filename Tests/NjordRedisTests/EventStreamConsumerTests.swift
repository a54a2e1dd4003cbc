import Foundation
import NjordCore
import NjordTestSupport
import Testing

@testable import NjordRedis

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct EventStreamConsumerTests {
    private func bus(_ server: RedisServerFixture) throws -> RedisBus {
        try RedisBus(options: RedisBusOptions(endpoint: server.tcpEndpoint(), reconnectCapMilliseconds: 200))
    }

    @Test(arguments: EventConsumerContract.allChecks.map(\.name))
    func holdsTheConsumerContract(_ name: String) throws {
        let server = try RedisServerFixture()
        let redisBus = try bus(server)
        defer { redisBus.close() }
        try EventConsumerContract.allChecks.first { $0.name == name }!.check(redisBus)
    }

    /// The ids in an applied file, one per line; a kill cannot tear the single write(2) of a line.
    private func appliedIds(_ path: String) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    /// The event ids of the entries pending in the group (delivered, never acknowledged).
    private func pendingEventIds(_ bus: RedisBus, stream: String, group: String, ids: [StreamEntryID: String])
        throws -> [String]
    {
        let reply = try bus.command(["XPENDING", stream, group, "-", "+", "100000"])
        return (reply.array ?? []).compactMap {
            $0.array?.first?.string.flatMap(StreamEntryID.init).flatMap { ids[$0] }
        }
    }

    @Test func aConsumerKilledMidBatchLosesNothingAndNothingIsAppliedTwice() throws {
        let njord = try #require(NjordBinary.path(), "njord binary not found; run swift build --build-tests")
        let server = try RedisServerFixture()
        let redisBus = try bus(server)
        defer { redisBus.close() }
        let stream = Topics.orderIntents, group = "risk", total = 2_000
        let events = try (1...total).map { try SampleEvents.orderIntent($0, source: "strat-crash") }
        try redisBus.createGroup(group, on: stream)
        let entryIds = try redisBus.append(contentsOf: events.map { $0.encoded() }, to: stream)
        let eventIdOfEntry = Dictionary(uniqueKeysWithValues: zip(entryIds, events.map(\.id)))

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("njord-consume-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let appliedFile = directory.appendingPathComponent("victim.applied").path

        // The victim: a real process, paced so that the kill lands while it works through a batch
        // (425 is mid-batch: batches are 50).
        let victim = Process()
        victim.executableURL = URL(fileURLWithPath: njord)
        victim.arguments = [
            "bus", "consume-child", "--redis", "redis://127.0.0.1:\(server.port!)", "--stream", stream, "--group",
            group,
            "--consumer", "victim", "--applied-file", appliedFile, "--batch", "50", "--pace-microseconds", "300",
        ]
        try victim.run()
        let progressed = eventually(within: 30_000) { appliedIds(appliedFile).count >= 425 || !victim.isRunning }
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(progressed)
        #expect(victim.terminationReason == .uncaughtSignal && victim.terminationStatus == SIGKILL)

        let victimApplied = appliedIds(appliedFile)
        #expect(victimApplied.count > 0 && victimApplied.count < total, "killed after some progress, before the end")
        #expect(Set(victimApplied).count == victimApplied.count, "the victim applied nothing twice")
        let pendingAtKill = try pendingEventIds(redisBus, stream: stream, group: group, ids: eventIdOfEntry)
        let appliedButUnacked = Set(pendingAtKill).intersection(victimApplied)
        #expect(!pendingAtKill.isEmpty, "the victim died holding a batch")
        #expect(!appliedButUnacked.isEmpty, "the victim died between applying and acknowledging")

        // The survivor: same group, its idempotency window seeded from the victim's journal.
        let survivor = EventStreamConsumer(
            bus: redisBus,
            options: .init(
                stream: stream, group: group, consumer: "survivor", batchSize: 100, blockMilliseconds: 50,
                claimIdleMilliseconds: 200, claimIntervalMilliseconds: 100))
        try survivor.start()
        survivor.seedApplied(victimApplied)
        var survivorApplied: [String] = []
        let finished = try eventually(within: 30_000) {
            try survivor.process { survivorApplied.append($0.id) }
            guard victimApplied.count + survivorApplied.count >= total else { return false }
            return try redisBus.pendingCount(stream: stream, group: group) == 0
        }
        #expect(finished)

        let all = Set(events.map(\.id))
        #expect(Set(victimApplied).union(survivorApplied) == all, "none lost")
        #expect(Set(survivorApplied).count == survivorApplied.count, "the survivor applied nothing twice")
        #expect(Set(victimApplied).isDisjoint(with: survivorApplied), "nothing applied by both")
        let counters = survivor.counters
        #expect(counters.duplicates >= appliedButUnacked.count, "the victim's applied-but-unacked entries were skipped")
        #expect(counters.claimed >= pendingAtKill.count, "every entry the victim held was reclaimed")
        #expect(counters.deadLettered == 0)
        print(
            "consumer crash test: \(total) events; victim applied \(victimApplied.count) before kill -9, "
                + "held \(pendingAtKill.count) pending (\(appliedButUnacked.count) applied but unacked); survivor "
                + "reclaimed \(counters.claimed), applied \(counters.applied), skipped \(counters.duplicates) duplicates"
        )
    }
}
