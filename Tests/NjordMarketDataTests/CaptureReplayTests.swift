import Foundation
import NjordCore
import NjordMarketData
import NjordTestSupport
import Testing

/// The real BTCUSDT capture pair (snapshot + ~100k frames) rebuilds Binance's book with no gap,
/// and the same book and trades come out of a stream with repeated and overlapping frames.
@Suite struct CaptureReplayTests {
    static let captures = ["btcusdt_20240808.gz", "btcusdt_20240809.gz"].map {
        SharedData.data("binance-ws/hftbacktest-raw/spot/\($0)").path
    }
    static let tradesCSV = SharedData.data(
        "trades/derived-binance-spot-BTCUSDT-trades-20240808T235415Z-20240809T000505Z.csv")

    /// Every capture line, in order.
    static func captureLines() throws -> [[UInt8]] {
        var lines: [[UInt8]] = []
        try CaptureReplayer.forEachLine(in: captures) { lines.append(Array($0)) }
        return lines
    }

    /// Replays lines in memory; returns the state and the new trades in arrival order.
    static func replay(_ lines: [[UInt8]]) -> (MarketDataReplay, [Trade]) {
        var replay = MarketDataReplay(symbol: "BTCUSDT")
        var trades: [Trade] = []
        for line in lines {
            let event = line.withUnsafeBufferPointer { replay.ingest(line: $0) }
            if case .trade(let trade, true) = event { trades.append(trade) }
        }
        return (replay, trades)
    }

    @Test func realCapturePairReplaysWithoutAGapToBinancesBook() throws {
        var replay = MarketDataReplay(symbol: "btcusdt")
        var buffered = 0
        try CaptureReplayer.replay(files: Self.captures, into: &replay) { event in
            if case .bookUpdate(_, .buffered) = event { buffered += 1 }
        }
        let c = replay.book.counters
        #expect(c.gaps == 0)
        #expect(c.resyncs == 0)
        #expect(c.applied == 6_493)
        #expect(c.dropped == 2)
        #expect(c.crossedAfterApply == 0)
        #expect(!replay.book.isCrossed)
        #expect(buffered == 3)  // two diffs arrive before the snapshot line and are dropped, one is applied
        #expect(replay.book.lastUpdateId == 50_093_696_318)
        #expect(replay.book.bestBid?.price == (try Fixed("61602.01")))
        #expect(replay.book.bestAsk?.price == (try Fixed("61602.02")))
        #expect(replay.stats.parseErrors == 0 && replay.stats.garbageLines == 0 && replay.stats.blankLines == 0)
        #expect(replay.stats.snapshotFrames == 1)
        #expect(replay.stats.depthFrames == 6_495)
        #expect(replay.trades.distinct == 19_904)
    }

    @Test func bookIsNeverCrossedAfterAnyAppliedDiff() throws {
        // Checked diff by diff from outside the book, independent of its own counter.
        var replay = MarketDataReplay(symbol: "BTCUSDT")
        var checked = 0
        var crossed = 0
        for line in try Self.captureLines() {
            let event = line.withUnsafeBufferPointer { replay.ingest(line: $0) }
            switch event {
            case .bookUpdate(_, .applied), .snapshot(.applied):
                checked += 1
                if let bid = replay.book.bestBid, let ask = replay.book.bestAsk, bid.price >= ask.price { crossed += 1 }
            default: break
            }
        }
        #expect(checked == 6_493)  // the snapshot's replayed diff is checked with the snapshot
        #expect(crossed == 0)
    }

    @Test func tradesAreExactlyTheContiguousIdsOfTheDerivedCSV() throws {
        let (replay, trades) = Self.replay(try Self.captureLines())
        let rows = try String(contentsOf: Self.tradesCSV, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == 19_904)
        #expect(trades.count == rows.count)
        #expect(replay.trades.duplicates == 0)
        let csvIds = rows.map { Int64($0.split(separator: ",")[0])! }
        #expect(Set(trades.map(\.tradeId)) == Set(csvIds))
        #expect(csvIds.last! - csvIds.first! + 1 == Int64(csvIds.count))  // contiguous
        var mismatches = 0
        for (trade, row) in zip(trades, rows) {
            let f = row.split(separator: ",")
            let side: Side = f[5] == "true" ? .sell : .buy
            let price = try Fixed(String(f[1]))
            let qty = try Fixed(String(f[2]))
            if trade.tradeId != Int64(f[0]) || trade.price != price || trade.qty != qty || trade.side != side {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }

    @Test func duplicatedAndOverlappingFramesGiveTheSameBookAndTrades() throws {
        let lines = try Self.captureLines()
        let (clean, cleanTrades) = Self.replay(lines)

        // A reconnect: lines 1..N, then again from N-500; and every 97th line delivered twice.
        let n = lines.count / 2
        var stream: [[UInt8]] = []
        var repeatedDepth = 0
        var repeatedTrades = 0
        func isDepth(_ line: [UInt8]) -> Bool {
            line.count > 60 && String(decoding: line.prefix(60), as: UTF8.self).contains("@depth")
        }
        func isTrade(_ line: [UInt8]) -> Bool { String(decoding: line.prefix(60), as: UTF8.self).contains("@trade") }
        for (i, line) in lines[0..<n].enumerated() {
            stream.append(line)
            if i % 97 == 50 {
                stream.append(line)
                if isDepth(line) { repeatedDepth += 1 }
                if isTrade(line) { repeatedTrades += 1 }
            }
        }
        for line in lines[(n - 500)..<n] {
            if isDepth(line) { repeatedDepth += 1 }
            if isTrade(line) { repeatedTrades += 1 }
        }
        stream += lines[(n - 500)...]
        #expect(repeatedDepth > 0 && repeatedTrades > 0)

        let (dup, dupTrades) = Self.replay(stream)
        #expect(dup.book.counters.gaps == 0)
        #expect(dup.book.counters.applied == clean.book.counters.applied)
        #expect(dup.book.counters.dropped == clean.book.counters.dropped + repeatedDepth)
        #expect(dup.book.lastUpdateId == clean.book.lastUpdateId)
        #expect(dup.book.topN(100_000).bids == clean.book.topN(100_000).bids)
        #expect(dup.book.topN(100_000).asks == clean.book.topN(100_000).asks)
        #expect(dupTrades == cleanTrades)
        #expect(dup.trades.distinct == 19_904)
        #expect(dup.trades.duplicates == repeatedTrades)
    }

    @Test func blankAndGarbageLinesAreCountedAndSkipped() throws {
        var lines = try Self.captureLines()
        let (clean, _) = Self.replay(lines)
        let truncated = Array(lines[20].prefix(lines[20].count / 2))
        lines.insert(Array("".utf8), at: 10)
        lines.insert(Array("   ".utf8), at: 11)
        lines.insert(Array("not a capture line".utf8), at: 12)
        lines.insert(Array("1723161254206652067 {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\"".utf8), at: 13)
        lines.insert(truncated, at: 14)
        lines.insert([0xFF, 0xFE, 0x00], at: 15)
        let (noisy, _) = Self.replay(lines)
        #expect(noisy.stats.blankLines == 2)
        #expect(noisy.stats.garbageLines == 2)
        #expect(noisy.stats.parseErrors == 2)
        #expect(noisy.book.counters == clean.book.counters)
        #expect(noisy.book.topN(1000).bids == clean.book.topN(1000).bids)
        #expect(noisy.trades.distinct == clean.trades.distinct)
        #expect(noisy.firstErrors.count == 2)
    }
}
