import Foundation
import NjordCore

/// Writes a run's folder. The result files depend only on the data, config and version, so they
/// are byte-identical run after run (golden digests): `fills.ndjson` (one fill a line, decimals as
/// exact strings), `orders.ndjson` (one order a line: intent, risk decision, final status),
/// `equity.csv` (`timestamp,equity`, one row per bar, marked at the close),
/// `daily.csv` (`date,equity,return`), `metrics.json` and `report.html`. What differs between
/// machines or runs stays outside them: `config.json` (names the data's path) and `run.json`
/// (run id, wall-clock start, engine seconds).
public enum BacktestRunWriter {
    /// The files whose bytes a run's inputs alone decide, in digest order.
    public static let deterministicFiles = [
        "fills.ndjson", "orders.ndjson", "equity.csv", "daily.csv", "metrics.json", "report.html",
    ]

    /// Creates `directory` (and parents) and writes every file into it.
    public static func write(
        result: BacktestResult, bars: BarSeries, analysis: BacktestAnalysis, heading: BacktestReportHTML.Heading,
        configJSON: String, runJSON: String, to directory: String
    ) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func put(_ name: String, _ bytes: [UInt8]) throws {
            try BufferedFileWriter.write(bytes, to: directory + "/" + name)
        }
        try put("config.json", Array((configJSON + "\n").utf8))
        try put("run.json", Array((runJSON + "\n").utf8))
        // The long files are formatted straight into their writer's buffer, a few hundred KiB
        // written at a time, not built whole first: a sweep job's 3–4 MB of output then passes
        // through one cache-sized buffer instead of fresh multi-megabyte arrays every job.
        try stream("fills.ndjson", to: directory) { file in
            for f in result.fills {
                appendFill(f, to: &file.buffer)
                try file.flushIfFull()
            }
        }
        try stream("orders.ndjson", to: directory) { file in
            for order in result.orders {
                appendOrder(order, to: &file.buffer)
                try file.flushIfFull()
            }
        }
        try stream("equity.csv", to: directory) { file in
            file.buffer.append(contentsOf: equityHeader.utf8)
            let curve = analysis.curve
            for i in 0..<curve.count {
                appendEquityRow(time: curve.times[i], equity: curve.equity[i], to: &file.buffer)
                try file.flushIfFull()
            }
        }
        try put("daily.csv", dailyCSV(analysis.daily))
        try put("metrics.json", Array((analysis.metrics.json(indent: "  ") + "\n").utf8))
        let html = BacktestReportHTML.render(
            heading: heading, result: result, metrics: analysis.metrics, curve: analysis.curve,
            daily: analysis.daily, trips: analysis.trips)
        try put("report.html", Array(html.utf8))
    }

    private static func stream(
        _ name: String, to directory: String, _ body: (BufferedFileWriter) throws -> Void
    ) throws {
        let file = try BufferedFileWriter(path: directory + "/" + name)
        try body(file)
        try file.close()
    }

    /// The fills as NDJSON bytes.
    public static func fillsNDJSON(_ fills: [BacktestFill]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(fills.count * 220)
        for f in fills { appendFill(f, to: &out) }
        return out
    }

    /// One fill's line.
    static func appendFill(_ f: BacktestFill, to out: inout [UInt8]) {
        out.append(contentsOf: "{\"bar\":\(f.barIndex),\"time\":\"".utf8)
        DateTimeText.formatISO8601(f.time.nanosecondsSinceEpoch, into: &out)
        out.append(contentsOf: "\",".utf8)
        if let symbol = f.symbol { out.append(contentsOf: "\"symbol\":\(jsonString(symbol)),".utf8) }
        out.append(contentsOf: "\"side\":\"\(f.side.rawValue)\"".utf8)
        field("price", f.price, &out)
        field("qty", f.quantity, &out)
        field("notional", f.notional, &out)
        field("fee", f.fee, &out)
        field("cash", f.cashAfter, &out)
        field("position", f.positionAfter, &out)
        out.append(contentsOf: "}\n".utf8)
    }

    /// The orders as NDJSON bytes, one line per order in the order they ended (those still open at
    /// the end last): `{"bar","time","intent":{order.intent data},"decision":{risk.decision data},
    /// "status","filled_qty","closed_time","reason"}` (docs/CONTRACTS.md).
    public static func ordersNDJSON(_ orders: [BacktestOrder]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(orders.count * 480)
        for order in orders { appendOrder(order, to: &out) }
        return out
    }

    /// One order's line.
    static func appendOrder(_ order: BacktestOrder, to out: inout [UInt8]) {
        out.append(contentsOf: "{\"bar\":\(order.barIndex),\"time\":\"".utf8)
        DateTimeText.formatISO8601(order.time.nanosecondsSinceEpoch, into: &out)
        out.append(contentsOf: "\",\"intent\":".utf8)
        EventPayload.orderIntent(order.intent).encodeData(into: &out)
        out.append(contentsOf: ",\"decision\":".utf8)
        EventPayload.riskDecision(order.decision).encodeData(into: &out)
        out.append(contentsOf: ",\"status\":\"\(order.status.rawValue)\"".utf8)
        field("filled_qty", order.filledQuantity, &out)
        out.append(contentsOf: ",\"closed_time\":".utf8)
        if let closed = order.closedTime {
            out.append(UInt8(ascii: "\""))
            DateTimeText.formatISO8601(closed.nanosecondsSinceEpoch, into: &out)
            out.append(UInt8(ascii: "\""))
        } else {
            out.append(contentsOf: "null".utf8)
        }
        out.append(contentsOf: ",\"reason\":".utf8)
        out.append(contentsOf: (order.reason.map(jsonString) ?? "null").utf8)
        out.append(contentsOf: "}\n".utf8)
    }

    /// A JSON string literal (quotes, backslashes and control characters escaped).
    static func jsonString(_ text: String) -> String {
        var writer = JSONWriter(capacity: text.utf8.count + 2)
        writer.string(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The equity curve as CSV bytes: after each bar's fills, cash + position × close (half-even).
    public static func equityCSV(result: BacktestResult, bars: BarSeries) -> [UInt8] {
        equityCSV(EquityCurve(result: result, bars: bars))
    }

    public static func equityCSV(_ curve: EquityCurve) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(curve.count * 48)
        out.append(contentsOf: equityHeader.utf8)
        for i in 0..<curve.count { appendEquityRow(time: curve.times[i], equity: curve.equity[i], to: &out) }
        return out
    }

    static let equityHeader = "timestamp,equity\n"

    /// One `equity.csv` row.
    static func appendEquityRow(time: Int64, equity: Fixed, to out: inout [UInt8]) {
        BarCSVReader.formatTime(time, into: &out)
        out.append(UInt8(ascii: ","))
        equity.write(to: &out)
        out.append(UInt8(ascii: "\n"))
    }

    /// `date,equity,return`: the daily series the metrics use, returns in shortest round-trip form
    /// (what scripts/make-metrics-fixtures.py reads).
    public static func dailyCSV(_ daily: DailyEquity) -> [UInt8] {
        var out: [UInt8] = []
        out.append(contentsOf: "date,equity,return\n".utf8)
        let returns = daily.returns
        for i in 0..<daily.count {
            out.append(contentsOf: "\(DailyEquity.dateText(ofDay: daily.days[i])),\(daily.equity[i]),".utf8)
            out.append(contentsOf: "\(returns[i])\n".utf8)
        }
        return out
    }

    static func field(_ name: String, _ value: Fixed, _ out: inout [UInt8]) {
        out.append(contentsOf: ",\"\(name)\":\"".utf8)
        value.write(to: &out)
        out.append(UInt8(ascii: "\""))
    }
}
