import NjordBinance
import NjordCore
import NjordMarketData
import Testing

/// Loopback tests: a NIO WebSocket + HTTP server on 127.0.0.1 replays the recorded BTCUSDT frames,
/// drops connections, goes silent and injects gaps; the adapter's events run through the same
/// ``IngestPipeline`` the daemon uses, and the book is compared with an uninterrupted replay.
@Suite struct BinanceUSVenueAdapterTests {
    // Pings are answered only after the server's burst of frames has gone out, so the interval is
    // longer than any burst here (websocket-kit closes a connection whose ping goes unanswered).
    private func options(
        _ server: LoopbackBinanceServer, staleAfterMs: Int64 = 30_000, maxAgeMs: Int64 = 3_600_000
    ) -> BinanceUSOptions {
        BinanceUSOptions(
            wsBaseURL: server.wsURL, restBaseURL: server.restURL, symbols: ["btcusdt"],
            pingIntervalMilliseconds: 10_000, maxConnectionAgeMilliseconds: maxAgeMs,
            staleAfterMilliseconds: staleAfterMs, watchdogTickMilliseconds: 50, backoffBaseMilliseconds: 10,
            backoffCapMilliseconds: 100, snapshotRetryMilliseconds: 50)
    }

    @Test func streamURLCombinesTradeDepthAndBookTickerOfEverySymbolAtTheStreamEndpoint() {
        let options = BinanceUSOptions(
            wsBaseURL: "wss://stream.binance.us:9443/ws", restBaseURL: "https://api.binance.us/",
            symbols: ["BTCUSDT", "ethusdt"])
        #expect(
            options.streamURL
                == "wss://stream.binance.us:9443/stream?streams=btcusdt@trade/btcusdt@depth@100ms/btcusdt@bookTicker/"
                + "ethusdt@trade/ethusdt@depth@100ms/ethusdt@bookTicker")
        #expect(options.depthURL("ethusdt") == "https://api.binance.us/api/v3/depth?symbol=ETHUSDT&limit=1000")
    }

    @Test func droppedConnectionReconnectsWithFreshSnapshotAndBookEqualsUninterruptedRun() throws {
        let feed = try RecordedFeed.load()
        let dropAt = feed.indexOfDepthDiff(120)
        let resumeAt = feed.indexOfDepthDiff(150)  // the diffs in between are lost with the connection
        let reference = try feed.referenceBook()
        let atResume = RecordedFeed.snapshotJSON(of: try feed.referenceBook(afterFrames: resumeAt))
        let server = try LoopbackBinanceServer(
            scripts: [
                .init(frames: Array(feed.frames[..<dropAt]), then: .close),
                .init(frames: Array(feed.frames[resumeAt...]), then: .stayOpen),
            ],
            snapshots: [feed.snapshot, atResume])
        defer { server.shutdown() }
        let adapter = try BinanceUSVenueAdapter(options: options(server))
        try adapter.start()
        defer { adapter.stop() }
        var pipeline = IngestPipeline()

        let done = drive(adapter, pipeline: &pipeline, until: reached(reference))

        #expect(done)
        #expect(adapter.tally.reconnects >= 1)
        #expect(server.connections >= 2)
        #expect(server.snapshotRequests >= 2)
        let book = pipeline.book(of: RecordedFeed.symbol)
        #expect((book?.counters.snapshots ?? 0) >= 2)
        #expect(book?.lastUpdateId == reference.lastUpdateId)
        #expect(levels(book) == levels(reference))
        #expect(book?.counters.crossedAfterApply == 0)
    }

    @Test func injectedSequenceGapIsDetectedCountedAndResynced() throws {
        let feed = try RecordedFeed.load()
        let reference = try feed.referenceBook()
        var frames = feed.frames
        frames.remove(at: feed.indexOfDepthDiff(100))
        let server = try LoopbackBinanceServer(
            scripts: [.init(frames: frames, then: .stayOpen)],
            snapshots: [feed.snapshot, RecordedFeed.snapshotJSON(of: reference)])
        defer { server.shutdown() }
        let adapter = try BinanceUSVenueAdapter(options: options(server))
        try adapter.start()
        defer { adapter.stop() }
        var pipeline = IngestPipeline()

        let done = drive(adapter, pipeline: &pipeline, until: reached(reference))

        #expect(done)
        let deltas = pipeline.streamStatuses.first { $0.stream == Topics.bookDeltas(RecordedFeed.symbol) }
        #expect(deltas?.gaps == 1)
        let book = pipeline.book(of: RecordedFeed.symbol)
        #expect(book?.counters.gaps == 1)
        #expect(book?.counters.resyncs == 1)
        #expect(server.snapshotRequests == 2, "snapshot requests: \(server.snapshotRequests)")
        #expect(levels(book) == levels(reference))
    }

    @Test func malformedFramesAreCountedAndSkipped() throws {
        let feed = try RecordedFeed.load()
        let reference = try feed.referenceBook()
        let bad = [
            "not json at all",
            #"{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"abc","q":"1","T":1,"m":true}}"#,
            #"{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT"}}"#,
        ]
        var frames = feed.frames
        frames.insert(bad[0], at: 10)
        frames.insert(bad[1], at: 500)
        frames.insert(bad[2], at: 1_000)
        let server = try LoopbackBinanceServer(
            scripts: [.init(frames: frames, then: .stayOpen)], snapshots: [feed.snapshot])
        defer { server.shutdown() }
        let adapter = try BinanceUSVenueAdapter(options: options(server))
        try adapter.start()
        defer { adapter.stop() }
        var pipeline = IngestPipeline()

        let done = drive(adapter, pipeline: &pipeline) { pipeline in
            reached(reference)(pipeline) && adapter.tally.frames == frames.count
        }

        #expect(done, "\(adapter.tally), sent \(frames.count)")
        #expect(adapter.tally.reconnects == 0)
        #expect(adapter.tally.malformedFrames == bad.count)
        #expect(adapter.counters["malformed_frames"] == Int64(bad.count))
        #expect(pipeline.book(of: RecordedFeed.symbol)?.counters.gaps == 0)
        #expect(levels(pipeline.book(of: RecordedFeed.symbol)) == levels(reference))
    }

    @Test func silentStreamTripsTheWatchdogAndReconnects() throws {
        let feed = try RecordedFeed.load()
        let reference = try feed.referenceBook()
        let pause = feed.indexOfDepthDiff(140)
        let server = try LoopbackBinanceServer(
            scripts: [
                .init(frames: Array(feed.frames[..<pause]), then: .stayOpen),
                .init(frames: Array(feed.frames[pause...]), then: .stayOpen),
            ],
            snapshots: [feed.snapshot, RecordedFeed.snapshotJSON(of: try feed.referenceBook(afterFrames: pause))])
        defer { server.shutdown() }
        let adapter = try BinanceUSVenueAdapter(options: options(server, staleAfterMs: 300))
        try adapter.start()
        defer { adapter.stop() }
        var pipeline = IngestPipeline()

        let done = drive(adapter, pipeline: &pipeline, until: reached(reference))

        #expect(done)
        #expect(adapter.tally.watchdogTrips >= 1, "\(adapter.tally)")
        #expect(adapter.tally.reconnects >= 1)
        #expect(adapter.counters["watchdog_trips"] ?? 0 >= 1)
        #expect(levels(pipeline.book(of: RecordedFeed.symbol)) == levels(reference))
    }

    @Test func connectionReachingMaxAgeIsReplacedByAPlannedReconnect() throws {
        let feed = try RecordedFeed.load()
        let reference = try feed.referenceBook()
        let split = feed.indexOfDepthDiff(140)
        let server = try LoopbackBinanceServer(
            scripts: [
                .init(frames: Array(feed.frames[..<split]), then: .stayOpen),
                .init(frames: Array(feed.frames[split...]), then: .stayOpen),
            ],
            snapshots: [feed.snapshot, RecordedFeed.snapshotJSON(of: try feed.referenceBook(afterFrames: split))])
        defer { server.shutdown() }
        let adapter = try BinanceUSVenueAdapter(options: options(server, maxAgeMs: 300))
        try adapter.start()
        defer { adapter.stop() }
        var pipeline = IngestPipeline()

        let done = drive(adapter, pipeline: &pipeline, until: reached(reference))

        #expect(done)
        #expect(adapter.tally.plannedReconnects >= 1, "\(adapter.tally)")
        #expect(adapter.tally.watchdogTrips == 0)
        #expect(levels(pipeline.book(of: RecordedFeed.symbol)) == levels(reference))
    }

    @Test func unreachableVenueIsRetriedWithBackoffNotACrash() throws {
        // A port nobody listens on: bind a server, note its port, shut it down.
        let server = try LoopbackBinanceServer(scripts: [], snapshots: ["{}"])
        let options = options(server)
        server.shutdown()
        let adapter = try BinanceUSVenueAdapter(options: options)
        try adapter.start()
        defer { adapter.stop() }
        var pipeline = IngestPipeline()

        let retried = drive(adapter, pipeline: &pipeline, deadline: .seconds(10)) { _ in
            adapter.tally.connectFailures >= 3
        }

        #expect(retried)
        #expect(adapter.tally.connections == 0)
    }
}
