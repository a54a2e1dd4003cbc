import Foundation
import NjordCore
import NjordRedis
import NjordTestSupport
import Testing

/// `njord bus tail` against a real redis-server, through the built binary.
@Suite struct BusTailCommandTests {
    /// `--count` counts decoded events: the garbage message is printed as UNDECODABLE, does not
    /// stop the tail and does not count, so the tail exits after the third trade.
    @Test func printsDecodedTradesAndUndecodableLinesAndStopsAfterCountEvents() throws {
        let server = try RedisServerFixture()
        let port = try #require(server.port)
        let bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
        defer { bus.close() }
        let tail = try NjordProcess([
            "bus", "tail", "md.trade.*", "--count", "3", "--redis", "redis://127.0.0.1:\(port)",
        ])
        let subscribed = try eventually { try bus.command(["PUBSUB", "NUMPAT"]).integer == 1 }
        #expect(subscribed, "the tail never subscribed")

        let topic = Topics.trades("BTCUSDT")
        let trades = try (1...3).map { try SampleEvents.trade(sequence: UInt64($0)) }
        try bus.publish(
            batch: [BusMessage(topic: topic, payload: Array("not an event".utf8))]
                + trades.map { BusMessage(topic: topic, payload: $0.encoded()) })

        let run = tail.finish()
        #expect(run.status == 0, "\(run)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(run)")
        #expect(lines.first?.hasPrefix("\(topic) UNDECODABLE ") == true, "\(run)")
        for (line, trade) in zip(lines.dropFirst(), trades) {
            #expect(line.hasPrefix("\(topic) md.trade \(trade.id) seq=\(trade.sequence) "), "\(line)")
            #expect(line.contains("BTCUSDT"))
        }
    }

    @Test func rawPrintsThePayloadAsReceived() throws {
        let server = try RedisServerFixture()
        let port = try #require(server.port)
        let bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
        defer { bus.close() }
        let tail = try NjordProcess([
            "bus", "tail", "log.*", "--raw", "--count", "1", "--redis", "redis://127.0.0.1:\(port)",
        ])
        #expect(try eventually { try bus.command(["PUBSUB", "NUMPAT"]).integer == 1 })
        try bus.publish(Array("{\"msg\":\"hello\"}".utf8), on: Topics.log("risk"))
        let run = tail.finish()
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "log.risk {\"msg\":\"hello\"}\n", "\(run)")
    }

    @Test func sigtermClosesTheBusAndExitsZero() throws {
        let server = try RedisServerFixture()
        let port = try #require(server.port)
        let bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
        defer { bus.close() }
        let tail = try NjordProcess(["bus", "tail", "md.*", "--redis", "redis://127.0.0.1:\(port)"])
        #expect(try eventually { try bus.command(["PUBSUB", "NUMPAT"]).integer == 1 })
        kill(tail.process.processIdentifier, SIGTERM)
        let run = tail.finish()
        #expect(run.status == 0, "\(run)")
        #expect(try eventually { try bus.command(["PUBSUB", "NUMPAT"]).integer == 0 })
    }
}
