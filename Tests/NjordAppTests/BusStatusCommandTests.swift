import Foundation
import NjordCore
import NjordRedis
import NjordTestSupport
import Testing

/// `njord bus status` against a real redis-server, through the built binary.
@Suite struct BusStatusCommandTests {
    @Test func jsonShowsStreamLengthsGroupPendingAndTheDeadLetters() throws {
        let server = try RedisServerFixture()
        let port = try #require(server.port)
        let bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
        defer { bus.close() }
        try bus.append(contentsOf: (1...5).map { try SampleEvents.orderIntent($0).encoded() }, to: Topics.orderIntents)
        try bus.createGroup("risk", on: Topics.orderIntents)
        let read = try bus.readGroup(
            stream: Topics.orderIntents, group: "risk", consumer: "risk-1", count: 3, blockMilliseconds: 0)
        #expect(read.count == 3)
        let kinds: [BadInputKind] = [.malformedJSON, .unsupportedVersion]
        for (n, kind) in kinds.enumerated() {
            let letter = DeadLetter(
                origin: Topics.orderIntents, reason: "reason \(n)", kind: kind,
                at: Timestamp(nanosecondsSinceEpoch: 1_723_161_300_000_000_000), consumer: "risk/risk-1",
                payload: Array("bad \(n)".utf8))
            try bus.append(letter.encoded(), to: Topics.deadLetters)
        }

        let run = try NjordProcess.run(["bus", "status", "--json", "--redis", "redis://127.0.0.1:\(port)"])
        #expect(run.status == 0, "\(run)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run)")

        let connection = try #require(json["connection"] as? [String: Any])
        #expect(connection["endpoint"] as? String == "redis://127.0.0.1:\(port)/0")
        #expect((connection["redis_version"] as? String)?.isEmpty == false)

        let streams = try #require(json["streams"] as? [[String: Any]])
        #expect(
            streams.map { $0["name"] as? String } == [
                Topics.orderIntents, Topics.riskDecisions, Topics.orderEvents, Topics.fills,
            ])
        let intents = streams[0]
        #expect(intents["exists"] as? Bool == true)
        #expect(intents["length"] as? Int == 5)
        let groups = try #require(intents["groups"] as? [[String: Any]])
        #expect(groups.count == 1)
        #expect(groups.first?["name"] as? String == "risk")
        #expect(groups.first?["pending"] as? Int == 3)
        #expect(groups.first?["consumers"] as? Int == 1)
        #expect(groups.first?["lag"] as? Int == 2)
        #expect(groups.first?["last_delivered_id"] as? String == read.last?.id.description)
        #expect(streams[1]["exists"] as? Bool == false, "a missing stream is absent, not an error")

        let dead = try #require(json["dead_letters"] as? [String: Any])
        #expect(dead["count"] as? Int == 2)
        let recent = try #require(dead["recent"] as? [[String: Any]])
        #expect(recent.compactMap { $0["kind"] as? String } == kinds.map(\.rawValue))
        #expect(recent.compactMap { $0["origin"] as? String } == [Topics.orderIntents, Topics.orderIntents])
    }

    @Test func textShowsAbsentStreamsOnAnEmptyServer() throws {
        let server = try RedisServerFixture()
        let run = try NjordProcess.run(["bus", "status", "--redis", "redis://127.0.0.1:\(try #require(server.port))"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("\(Topics.orderIntents)  absent"))
        #expect(run.stdout.contains("none (stream absent)"))
    }

    @Test func unreachableRedisExitsNonZeroNamingTheEndpoint() throws {
        let server = try RedisServerFixture()
        let port = try #require(server.port)
        server.stop()
        let run = try NjordProcess.run(["bus", "status", "--json", "--redis", "redis://127.0.0.1:\(port)"])
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("redis unreachable at redis://127.0.0.1:\(port)/0"), "\(run)")
    }
}
