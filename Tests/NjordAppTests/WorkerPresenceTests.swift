import NjordCore
import Testing

@testable import NjordApp
@testable import NjordSweep

/// Whether a worker is alive, from the `njord:svc:worker` key: a fresh `ok` beat only.
@Suite struct WorkerPresenceTests {
    static let now = Timestamp(nanosecondsSinceEpoch: 1_764_152_100_000_000_000)

    func key(_ status: ServiceStatus, secondsAgo: Double) -> [UInt8] {
        let at = Self.now.adding(nanoseconds: -Int64(secondsAgo * 1e9))
        let beat = Heartbeat(service: "worker", host: "box", pid: 7, startedAt: at, status: status, counters: [:])
        return EventEnvelope(
            id: "worker-hb-7-1", source: "worker", sequence: 1, eventTime: at, receiveTime: at,
            payload: .heartbeat(beat)
        ).encoded()
    }

    @Test func aFreshOkBeatIsAliveAStaleOneOrADownOneIsNot() {
        #expect(WorkerPresence.isAlive(keyValue: key(.ok, secondsAgo: 1), now: Self.now))
        #expect(!WorkerPresence.isAlive(keyValue: key(.ok, secondsAgo: 3), now: Self.now))
        #expect(!WorkerPresence.isAlive(keyValue: key(.down, secondsAgo: 0.1), now: Self.now))
    }

    @Test func anAbsentOrUnreadableKeyIsNoWorker() {
        #expect(!WorkerPresence.isAlive(keyValue: nil, now: Self.now))
        #expect(!WorkerPresence.isAlive(keyValue: Array("{}".utf8), now: Self.now))
        #expect(WorkerPresence.key == "njord:svc:worker")
    }
}
