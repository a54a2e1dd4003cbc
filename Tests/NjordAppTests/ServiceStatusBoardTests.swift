import Foundation
import NjordApp
import NjordCore
import NjordRedis
import NjordTestSupport
import Testing

@Suite struct ServiceStatusBoardTests {
    static let now = Timestamp(nanosecondsSinceEpoch: 1_790_000_000_000_000_000)

    static func beat(
        _ service: String, secondsAgo: Double, status: ServiceStatus = .ok, counters: [String: Int64] = [:]
    ) -> EventEnvelope {
        let time = now.adding(nanoseconds: -Int64(secondsAgo * 1e9))
        return EventEnvelope(
            id: "\(service)-\(time.nanosecondsSinceEpoch)", source: service, sequence: 1, eventTime: time,
            receiveTime: time,
            payload: .heartbeat(
                Heartbeat(
                    service: service, host: "h", pid: 7, startedAt: time, status: status, counters: counters)))
    }

    @Test func serviceIsUpOnlyWhileItsLatestBeatIsFreshAndNotDown() {
        var board = ServiceStatusBoard()
        board.add(Self.beat("risk-engine", secondsAgo: 0.5))
        board.add(Self.beat("md-ingest", secondsAgo: 3.5))
        board.add(Self.beat("paper-trader", secondsAgo: 0.2, status: .down))
        let rows = board.rows(now: Self.now)
        #expect(rows.map(\.service) == ["md-ingest", "paper-trader", "risk-engine"])
        #expect(rows.map(\.up) == [false, false, true])
        #expect(rows.last?.ageMilliseconds == 500)
    }

    @Test func olderBeatDoesNotReplaceANewerOne() {
        var board = ServiceStatusBoard()
        board.add(Self.beat("risk-engine", secondsAgo: 1, counters: ["intents": 9]))
        board.add(Self.beat("risk-engine", secondsAgo: 5, counters: ["intents": 3]))
        #expect(board.rows(now: Self.now).first?.counters["intents"] == 9)
    }

    @Test func textShowsKeyCountersAndLeavesBusDetailToJSON() {
        var board = ServiceStatusBoard()
        board.add(
            Self.beat("risk-engine", secondsAgo: 1.25, counters: ["denied": 2, "bus_dropped": 4, "md.x.gaps": 1]))
        let rows = board.rows(now: Self.now)
        let text = ServiceStatusBoard.text(rows)
        #expect(text == "risk-engine  up  last seen 1.2s ago  status ok  pid 7  denied=2")
        let json = ServiceStatusBoard.json(rows)
        #expect(json.contains("\"bus_dropped\":4") && json.contains("\"up\":true"))
    }

    @Test func statusCommandReadsHeartbeatKeysOfRunningServices() throws {
        let server = try RedisServerFixture()
        let port = try #require(server.port)
        let bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
        defer { bus.close() }
        let fresh = EventEnvelope(
            id: "hb-1", source: "risk-engine", sequence: 1, eventTime: SystemClock().now(),
            receiveTime: SystemClock().now(),
            payload: .heartbeat(
                Heartbeat(
                    service: "risk-engine", host: "h", pid: 42, startedAt: SystemClock().now(), status: .ok,
                    counters: ["intents": 5])))
        try bus.setValue(fresh.encoded(), forKey: "njord:svc:risk-engine")
        let run = try NjordProcess.run(["status", "--json", "--wait", "0.3", "--redis", "redis://127.0.0.1:\(port)"])
        #expect(run.status == 0, "\(run)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let services = try #require(object?["services"] as? [[String: Any]], "\(run)")
        #expect(services.count == 1)
        #expect(services.first?["service"] as? String == "risk-engine")
        #expect(services.first?["up"] as? Bool == true)
        #expect((services.first?["counters"] as? [String: Any])?["intents"] as? Int == 5)
    }
}
