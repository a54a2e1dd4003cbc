import Foundation
import NjordCore
import NjordRedis
import NjordTestSupport
import Testing

/// `njord bus relay`, the benchmarks' chain link, against a real redis-server through the built binary.
@Suite struct BusRelayCommandTests {
    /// A stream link forwards entries as the daemons send order flow: appended to the next stream,
    /// then published on the topic, in order; it stops at an empty entry, having acknowledged every entry.
    @Test func aStreamLinkAppendsEveryEntryToItsStreamThenPublishesItInOrder() throws {
        let server = try RedisServerFixture()
        let port = try #require(server.port)
        let bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
        defer { bus.close() }
        let live = try bus.subscribe([.topic("bench.out")])
        defer { live.close() }
        // Queued before the relay starts: its group reads the stream from the start, so the whole
        // batch, stop entry included, arrives in one read.
        let payloads = (1...3).map { Array("entry \($0)".utf8) }
        try bus.append(contentsOf: payloads + [[]], to: "bench.in")
        let run = try NjordProcess([
            "bus", "relay", "--redis", "redis://127.0.0.1:\(port)", "--from-stream", "bench.in",
            "--to-stream", "bench.next", "--to", "bench.out",
        ]).finish()
        #expect(run.status == 0, "\(run)")

        #expect(try bus.length(of: "bench.next") == 3)
        var published: [[UInt8]] = []
        #expect(
            eventually(within: 5_000) {
                published += live.drain().map(\.payload)
                return published.count == 3
            })
        #expect(published == payloads)
        // Every entry read was acknowledged: with the read that followed it, or at the stop.
        #expect(try bus.pendingCount(stream: "bench.in", group: "relay") == 0)
    }

    /// A topic link appends what it hears to a stream: the strategy host's hop, bar in, intent out.
    @Test func aTopicLinkAppendsWhatItHearsToTheStream() throws {
        let server = try RedisServerFixture()
        let port = try #require(server.port)
        let bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
        defer { bus.close() }
        let relay = try NjordProcess([
            "bus", "relay", "--redis", "redis://127.0.0.1:\(port)", "--from", "bench.bar", "--to-stream", "bench.next",
        ])
        #expect(try eventually { try bus.command(["PUBSUB", "NUMSUB", "bench.bar"]).array?.last?.integer == 1 })
        try bus.publish(Array("bar".utf8), on: "bench.bar")
        #expect(try eventually { try bus.length(of: "bench.next") == 1 })
        try bus.publish([], on: "bench.bar")
        #expect(relay.finish().status == 0)
    }

    @Test func aLinkNeedsExactlyOneInputAndAnOutput() throws {
        for arguments in [
            ["--to", "b"], ["--from", "a", "--from-stream", "s", "--to", "b"], ["--from", "a"],
        ] {
            let run = try NjordProcess.run(["bus", "relay", "--redis", "redis://127.0.0.1:1"] + arguments)
            #expect(run.status != 0, "\(arguments): \(run)")
            #expect(run.stderr.contains("--"), "\(arguments): \(run)")
        }
    }
}
