import Foundation
import NjordCore
import NjordMarketData
import NjordTestSupport
import Testing

/// The replay venue: pacing by the capture's receive times on an injected clock, flat-out replay,
/// looping with a resync at the loop boundary, and bad lines counted.
@Suite struct ReplayVenueAdapterTests {
    static func trade(_ id: Int, ms: Int64) -> String {
        #"{"stream":"btcusdt@trade","data":{"e":"trade","E":\#(ms),"s":"BTCUSDT","t":\#(id),"p":"61000.5","q":"0.01","T":\#(ms),"m":true}}"#
    }

    static func capture(_ lines: [String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("njord-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("feed.capture").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The first `count` lines of the recorded BTCUSDT session (its REST snapshot line among them).
    static func recordedCapture(lines count: Int = 3_000) throws -> String {
        var lines: [String] = []
        let source = SharedData.data("binance-ws/hftbacktest-raw/spot/btcusdt_20240808.gz").path
        try CaptureReplayer.forEachLine(in: [source]) { line in
            if lines.count < count { lines.append(String(decoding: line, as: UTF8.self)) }
        }
        return try capture(lines)
    }

    @Test func framesAreDueAtTheirCaptureOffsetDividedBySpeed() throws {
        let path = try Self.capture([
            "1000000000 \(Self.trade(1, ms: 1_000))", "1500000000 \(Self.trade(2, ms: 1_500))",
            "3000000000 \(Self.trade(3, ms: 3_000))",
        ])
        let clock = ManualClock()
        clock.advance(nanoseconds: 7_000)
        let adapter = try ReplayVenueAdapter(files: [path], speed: 2, clock: clock)
        try adapter.start()

        #expect(adapter.poll().count == 1)
        #expect(adapter.nextDue == 7_000 + 250_000_000)
        clock.advance(nanoseconds: 249_999_999)
        #expect(adapter.poll().isEmpty)
        clock.advance(nanoseconds: 1)
        let second = adapter.poll()
        #expect(second.map(\.envelope.receiveTime.nanosecondsSinceEpoch) == [1_500_000_000])
        #expect(adapter.nextDue == 7_000 + 1_000_000_000)
        clock.advance(nanoseconds: 750_000_000)
        #expect(adapter.poll().count == 1)
        #expect(adapter.isExhausted)
        #expect(adapter.now == Timestamp(millisecondsSinceEpoch: 3_000))
    }

    @Test func speedZeroPlaysEveryFrameWithoutTheClockMoving() throws {
        let path = try Self.capture((1...10).map { "\($0)000000000 \(Self.trade($0, ms: Int64($0) * 1_000))" })
        let adapter = try ReplayVenueAdapter(files: [path], speed: 0, clock: ManualClock(), maxFramesPerPoll: 4)
        try adapter.start()

        var counts: [Int] = []
        while !adapter.isExhausted { counts.append(adapter.poll().count) }

        #expect(counts == [4, 4, 2])
        #expect(adapter.drainRawFrames().count == 10)
    }

    @Test func badLinesAndMalformedFramesAreCountedAndSkipped() throws {
        let path = try Self.capture([
            "1000000000 \(Self.trade(1, ms: 1_000))", "garbage without a time", "1000000001 {\"stream\":",
            "1000000002 \(Self.trade(2, ms: 1_000))",
        ])
        let adapter = try ReplayVenueAdapter(files: [path], speed: 0, clock: ManualClock())
        try adapter.start()

        let events = adapter.poll()

        #expect(events.count == 2)
        #expect(adapter.counters["malformed_frames"] == 1)
        #expect(adapter.counters["garbage_lines"] == 1)
        #expect(adapter.symbols == ["BTCUSDT"])
    }

    @Test func loopingStartsANewSessionAndTheBookResyncsFromTheCapturesSnapshot() throws {
        let path = try Self.recordedCapture()
        var reference = MarketDataReplay(symbol: "BTCUSDT")
        try CaptureReplayer.replay(files: [path], into: &reference)
        let adapter = try ReplayVenueAdapter(files: [path], speed: 0, loop: true, clock: ManualClock())
        try adapter.start()
        var pipeline = IngestPipeline()
        var session = 0
        var bookAtEndOfFirstPass: LocalOrderBook?

        while true {
            let events = adapter.poll()
            if adapter.session == 2 { break }
            if adapter.session != session {
                if session == 0 { bookAtEndOfFirstPass = pipeline.book(of: "BTCUSDT") }
                session = adapter.session
                pipeline.restartSession()
            }
            for event in events { _ = pipeline.ingest(event) }
        }

        let first = try #require(bookAtEndOfFirstPass)
        let second = try #require(pipeline.book(of: "BTCUSDT"))
        #expect(first.lastUpdateId == reference.book.lastUpdateId)
        #expect(second.lastUpdateId == reference.book.lastUpdateId)
        #expect(second.topN(Int.max).bids == reference.book.topN(Int.max).bids)
        #expect(second.topN(Int.max).asks == reference.book.topN(Int.max).asks)
        #expect(second.counters.snapshots == 2)
        #expect(second.counters.applied == 2 * reference.book.counters.applied)
    }

    @Test func emptyFileListIsAConfigurationError() {
        #expect(throws: VenueAdapterError.self) { try ReplayVenueAdapter(files: [], clock: ManualClock()) }
    }
}
