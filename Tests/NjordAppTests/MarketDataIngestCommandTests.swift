import Foundation
import NjordCore
import NjordRedis
import NjordTestSupport
import Testing

/// `njord md ingest` on the sim venue against a real redis-server, through the built binary.
@Suite struct MarketDataIngestCommandTests {
    static func journalLines(_ root: String) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for stream in try FileManager.default.contentsOfDirectory(atPath: root) {
            let dir = root + "/" + stream
            for file in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() {
                let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
                out[stream, default: []] += text.split(separator: "\n").map(String.init)
            }
        }
        return out
    }

    @Test func publishesSequencedMarketDataBarsBookKeysAndHeartbeatsAndJournalsThem() throws {
        let server = try RedisServerFixture()
        let port = try #require(server.port)
        let bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
        defer { bus.close() }
        let consumer = EventTopicConsumer(bus: bus, consumer: "ingest-test")
        let received = Collector<(String, EventEnvelope)>()
        let subscription = try bus.subscribe([.pattern("md.*"), .pattern("svc.heartbeat.*")]) { message in
            if let event = consumer.decode(message) { received.append((message.topic, event)) }
        }
        defer { subscription.close() }
        let root = server.directory + "/journal"
        let run = try NjordProcess([
            "md", "ingest", "--seconds", "3", "--speed", "20", "--seed", "5", "--symbol", "BTCUSDT",
            "--redis", "redis://127.0.0.1:\(port)", "--journal-root", root,
        ]).finish()
        #expect(run.status == 0, "\(run)")
        let heartbeatsDone = eventually {
            received.all.filter { $0.1.type == .heartbeat }.contains {
                if case .heartbeat(let beat) = $0.1.payload { beat.status == .down } else { false }
            }
        }
        #expect(heartbeatsDone, "no final heartbeat arrived")

        let events = received.all
        #expect(consumer.counters.gaps == 0)
        #expect(consumer.counters.deadLettered == 0)
        let topics = Set(events.map(\.0))
        for topic in [
            Topics.trades("BTCUSDT"), Topics.bookDeltas("BTCUSDT"), Topics.topOfBook("BTCUSDT"),
            Topics.book("BTCUSDT"), Topics.bars(.oneSecond, "BTCUSDT"), Topics.heartbeat("md-ingest"),
        ] {
            #expect(topics.contains(topic), "nothing on \(topic)")
        }
        var sequences: [String: [UInt64]] = [:]
        for (topic, event) in events { sequences[topic, default: []].append(event.sequence) }
        for (topic, seqs) in sequences { #expect(seqs == Array(1...UInt64(seqs.count)), "\(topic)") }

        let key = try #require(try bus.value(forKey: Topics.latestBookKey("BTCUSDT")))
        let book = try EventEnvelope(json: key)
        guard case .bookSnapshot(let snapshot) = book.payload else {
            Issue.record("the book key holds \(book.type)")
            return
        }
        #expect(snapshot.symbol == "BTCUSDT")
        #expect((1...20).contains(snapshot.bids.count) && (1...20).contains(snapshot.asks.count), "top-20 at most")
        #expect(snapshot.bids.first.map { bid in snapshot.asks.first.map { bid.price < $0.price } ?? false } == true)

        let journal = try Self.journalLines(root)
        let lines = try #require(journal["md.BTCUSDT"])
        let published = events.filter { $0.1.type != .heartbeat }.map { $0.1.jsonString }
        #expect(lines == published, "the journal holds what was published, in order")
    }

    /// Without `--journal-root` the journals go where every daemon's do: `paths.journal_dir` of the
    /// configuration (here set through its environment override), not a path of its own.
    @Test func withoutJournalRootTheJournalsFollowPathsJournalDir() throws {
        let server = try RedisServerFixture()
        let port = try #require(server.port)
        let configured = server.directory + "/configured-journals"
        let run = try NjordProcess(
            [
                "md", "ingest", "--seconds", "2", "--speed", "20", "--seed", "5", "--symbol", "BTCUSDT",
                "--redis", "redis://127.0.0.1:\(port)", "--config-dir", "config",
            ], environment: ["NJORD_PATHS_JOURNAL_DIR": configured]
        ).finish()
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.contains("journals under \(configured)"), "\(run)")
        let lines = try #require(try Self.journalLines(configured)["md.BTCUSDT"])
        #expect(!lines.isEmpty)
    }

    @Test func sigtermFlushesTheJournalAndExitsZero() throws {
        let server = try RedisServerFixture()
        let port = try #require(server.port)
        let bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
        defer { bus.close() }
        let root = server.directory + "/journal"
        let daemon = try NjordProcess([
            "md", "ingest", "--speed", "50", "--seed", "9", "--redis", "redis://127.0.0.1:\(port)",
            "--journal-root", root,
        ])
        let running = try eventually { try bus.value(forKey: Topics.latestBookKey("BTCUSDT")) != nil }
        #expect(running, "the daemon never wrote a book key")
        kill(daemon.process.processIdentifier, SIGTERM)
        let run = daemon.finish()
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.contains("md ingest: stopped"), "\(run)")
        let lines = try Self.journalLines(root).values.flatMap { $0 }
        #expect(!lines.isEmpty)
        for line in lines { #expect(throws: Never.self) { try EventEnvelope(json: line) } }
    }
}
