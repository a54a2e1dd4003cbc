import Foundation
import NjordCore
import NjordMarketData
import NjordTestSupport
import Testing

@testable import NjordApp

/// The ingest daemon captures the raw frames of a frame venue in the replayable format: what it
/// wrote replays, through the same parse and book code, to the book the daemon kept.
@Suite struct IngestDaemonCaptureTests {
    @Test func rawFramesCapturedByTheDaemonReplayToTheSameBook() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("njord-capture-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var lines: [String] = []
        let source = SharedData.data("binance-ws/hftbacktest-raw/spot/btcusdt_20240808.gz").path
        try CaptureReplayer.forEachLine(in: [source]) { line in
            if lines.count < 3_000 { lines.append(String(decoding: line, as: UTF8.self)) }
        }
        let input = dir + "/input.capture"
        try (lines.joined(separator: "\n") + "\n").write(toFile: input, atomically: true, encoding: .utf8)
        let adapter = try ReplayVenueAdapter(files: [input], speed: 0, clock: ManualClock())
        let daemon = IngestDaemon(
            adapter: adapter, bus: InProcessBus(), journalRoot: dir + "/journal", options: IngestOptions(),
            captureDirectory: dir + "/raw")

        try daemon.run(until: nil, shouldStop: { false })

        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/raw").sorted()
        #expect(!files.isEmpty)
        #expect(files.allSatisfy { $0.hasPrefix("binanceus-BTCUSDT-2024-08-") && $0.hasSuffix(".capture") })
        let captured = files.map { dir + "/raw/" + $0 }
        var capturedLines = 0
        try CaptureReplayer.forEachLine(in: captured) { _ in capturedLines += 1 }
        #expect(capturedLines == lines.count)
        var replay = MarketDataReplay(symbol: "BTCUSDT")
        try CaptureReplayer.replay(files: captured, into: &replay)
        var original = MarketDataReplay(symbol: "BTCUSDT")
        try CaptureReplayer.replay(files: [input], into: &original)
        let kept = try #require(daemon.book(of: "BTCUSDT"))
        #expect(replay.book.lastUpdateId == kept.lastUpdateId)
        #expect(replay.book.topN(Int.max).bids == kept.topN(Int.max).bids)
        #expect(replay.book.topN(Int.max).asks == kept.topN(Int.max).asks)
        #expect(replay.book.lastUpdateId == original.book.lastUpdateId)
        #expect(replay.stats.parseErrors == 0)
        #expect(replay.trades.distinct == original.trades.distinct)
    }
}
