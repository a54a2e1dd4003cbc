import Foundation
public import NjordCore

/// Writes a run's folder while the run streams (``BacktestEngine/run(_:store:venue:symbol:interval:from:to:chunkBars:sink:)``):
/// `fills.ndjson`, `orders.ndjson` and `equity.csv` grow chunk by chunk; the daily equity, the
/// trade statistics and the per-bar sums are folded by the same ``BacktestRecorder`` as the
/// in-memory writer (``BacktestRunWriter``), and at the end `daily.csv`, `metrics.json` and
/// `report.html` are written — the report's charts from `equity.csv` read back once the bar count
/// is known. Memory grows with days (one value each) and the first listed trades, not with bars;
/// the files are the bytes the in-memory writer writes for the same run.
public final class BacktestRunStream {
    public let directory: String
    public private(set) var recorder: BacktestRecorder
    private let fills: BufferedFileWriter
    private let orders: BufferedFileWriter
    private let equity: BufferedFileWriter

    /// Creates `directory` (and parents), writes `config.json` and opens the growing files.
    public init(directory: String, startingCash: Fixed, configJSON: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try BufferedFileWriter.write(Array((configJSON + "\n").utf8), to: directory + "/config.json")
        self.directory = directory
        recorder = BacktestRecorder(startingCash: startingCash, keepingTrips: BacktestReportHTML.listedTrades)
        fills = try BufferedFileWriter(path: directory + "/fills.ndjson")
        orders = try BufferedFileWriter(path: directory + "/orders.ndjson")
        equity = try BufferedFileWriter(path: directory + "/equity.csv")
        equity.buffer.append(contentsOf: BacktestRunWriter.equityHeader.utf8)
    }

    /// Records one chunk: its fills, its ended orders and one equity row per bar.
    public func record(_ chunk: BacktestChunk) throws {
        for fill in chunk.fills { BacktestRunWriter.appendFill(fill, to: &fills.buffer) }
        try fills.flushIfFull()
        for order in chunk.orders { BacktestRunWriter.appendOrder(order, to: &orders.buffer) }
        try orders.flushIfFull()
        let sink = equity
        var rows = 0
        var failure: (any Error)?
        recorder.record(bars: chunk.bars, offset: chunk.offset, fills: chunk.fills) { time, value in
            BacktestRunWriter.appendEquityRow(time: time, equity: value, to: &sink.buffer)
            rows += 1
            if rows & 1023 == 0, failure == nil {
                do { try sink.flushIfFull() } catch { failure = error }
            }
        }
        if let failure { throw failure }
        try equity.flushIfFull()
    }

    /// Closes the growing files and writes `daily.csv`, `metrics.json`, `report.html` and
    /// `run.json`; returns the metrics.
    @discardableResult
    public func finish(
        result: BacktestResult, heading: BacktestReportHTML.Heading, runJSON: String
    ) throws -> BacktestMetrics {
        try fills.close()
        try orders.close()
        try equity.close()
        func put(_ name: String, _ bytes: [UInt8]) throws {
            try BufferedFileWriter.write(bytes, to: directory + "/" + name)
        }
        let metrics = BacktestMetrics(
            startingCash: result.startingCash, finalEquity: result.finalEquity, daily: recorder.daily,
            tally: recorder.tally, marker: recorder.marker)
        try put("daily.csv", BacktestRunWriter.dailyCSV(recorder.daily))
        try put("metrics.json", Array((metrics.json(indent: "  ") + "\n").utf8))
        var chart = EquityChart(count: recorder.marker.bars)
        try Self.forEachEquity(inCSV: equity.path) { chart.add($0.doubleValue) }
        let html = BacktestReportHTML.render(
            heading: heading, result: result, metrics: metrics, chart: chart, daily: recorder.daily,
            trips: recorder.tally.trips, tradeCount: recorder.tally.count)
        try put("report.html", Array(html.utf8))
        try put("run.json", Array((runJSON + "\n").utf8))
        return metrics
    }

    /// Calls `body` with each row's equity of an `equity.csv`, reading `BufferedFileWriter.flushBytes` at a time.
    static func forEachEquity(inCSV path: String, _ body: (Fixed) -> Void) throws {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var header = true
        while let data = try handle.read(upToCount: BufferedFileWriter.flushBytes), !data.isEmpty {
            pending.append(contentsOf: data)
            let consumed = try pending.withUnsafeBufferPointer { bytes throws -> Int in
                var lineStart = 0
                for i in 0..<bytes.count where bytes[i] == UInt8(ascii: "\n") {
                    defer { lineStart = i + 1 }
                    if header {
                        header = false
                        continue
                    }
                    var comma = lineStart
                    while comma < i, bytes[comma] != UInt8(ascii: ",") { comma += 1 }
                    body(try Fixed(utf8: UnsafeBufferPointer(rebasing: bytes[(comma + 1)..<i])))
                }
                return lineStart
            }
            pending.removeFirst(consumed)
        }
    }
}
