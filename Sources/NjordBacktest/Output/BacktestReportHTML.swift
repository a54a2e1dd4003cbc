import Foundation
import NjordCore

/// `report.html`: one self-contained page (inline CSS and SVG, no script, no external asset) with
/// the metrics, the equity and drawdown charts, the monthly returns and the trade list. Its bytes
/// depend only on the run's inputs — no run id, no wall clock — so golden digests hold.
public enum BacktestReportHTML {
    /// Trades listed in full; the rest are in fills.ndjson.
    public static let listedTrades = 1000

    /// What was run, for the page's heading.
    public struct Heading: Sendable {
        public var strategy: String
        public var parameters: String
        /// The data's name (a file name or a store path), not a machine-specific absolute path.
        public var data: String

        public init(strategy: String, parameters: String, data: String) {
            self.strategy = strategy
            self.parameters = parameters
            self.data = data
        }
    }

    public static func render(
        heading: Heading, result: BacktestResult, metrics: BacktestMetrics, curve: EquityCurve, daily: DailyEquity,
        trips: [RoundTrip]
    ) -> String {
        render(
            heading: heading, result: result, metrics: metrics, chart: EquityChart(curve: curve), daily: daily,
            trips: trips, tradeCount: trips.count)
    }

    /// The page from the chart's points, the daily equity and the first closed trips (of
    /// `tradeCount`): what a streamed run still has at its end.
    public static func render(
        heading: Heading, result: BacktestResult, metrics: BacktestMetrics, chart: EquityChart, daily: DailyEquity,
        trips: [RoundTrip], tradeCount: Int
    ) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Backtest \(escape(heading.strategy)) \(escape(heading.parameters))</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}
            th{background:#f3f3f3}td.l,th.l{text-align:left}svg{border:1px solid #ddd;background:#fcfcfc}
            .neg{color:#b00}.pos{color:#070}
            </style></head><body>
            <h1>Backtest: \(escape(heading.strategy)) \(escape(heading.parameters))</h1>
            <p>Data: \(escape(heading.data)); \(result.bars) bars, \(daily.count) days; starting cash \(result.startingCash), \
            final equity \(result.finalEquity).</p>

            """
        html += metricsTable(metrics)
        html += "<h2>Equity</h2>\n" + polylineChart(chart.equity, color: "#1f5fa8")
        html += "<h2>Drawdown</h2>\n" + polylineChart(chart.drawdown, color: "#b00000", floorAtZero: true)
        html += monthlyTable(daily: daily)
        html += tradeTable(trips, count: tradeCount)
        html += "</body></html>\n"
        return html
    }

    static func metricsTable(_ metrics: BacktestMetrics) -> String {
        var out = "<h2>Metrics</h2>\n<table class=\"metrics\">\n"
        for (key, value) in metrics.keyedValues {
            out += "<tr><th class=\"l\">\(key)</th><td>\(BacktestMetrics.jsonNumber(value))</td></tr>\n"
        }
        return out + "</table>\n"
    }

    static func polylineChart(_ values: [Double], color: String, floorAtZero: Bool = false) -> String {
        let width = 800.0
        let height = 220.0
        guard let low = values.min(), var high = values.max() else {
            return "<svg width=\"800\" height=\"220\"></svg>\n"
        }
        if floorAtZero { high = max(high, 0) }
        let span = high > low ? high - low : 1
        let step = values.count > 1 ? width / Double(values.count - 1) : 0
        var points: [UInt8] = []
        points.reserveCapacity(values.count * 12)
        for (i, v) in values.enumerated() {
            if i > 0 { points.append(UInt8(ascii: " ")) }
            RoundedDecimalText.append(Double(i) * step, fractionDigits: 1, into: &points)
            points.append(UInt8(ascii: ","))
            RoundedDecimalText.append(10 + (height - 20) * (1 - (v - low) / span), fractionDigits: 1, into: &points)
        }
        return """
            <svg width="820" height="220" viewBox="-10 0 820 220">
            <text x="0" y="12" font-size="11">\(axisLabel(high))</text>
            <text x="0" y="216" font-size="11">\(axisLabel(low))</text>
            <polyline fill="none" stroke="\(color)" stroke-width="1.2" points="\(String(decoding: points, as: UTF8.self))"/>
            </svg>

            """
    }

    static func axisLabel(_ value: Double) -> String {
        abs(value) < 10
            ? RoundedDecimalText.string(value * 100, fractionDigits: 2) + "%"
            : RoundedDecimalText.string(value, fractionDigits: 2)
    }

    /// Month (UTC) → equity at its last day against the previous month's (or the starting cash).
    static func monthlyReturns(daily: DailyEquity) -> [(month: String, ret: Double)] {
        var months: [(month: String, ret: Double)] = []
        var previous = daily.startingCash
        var i = 0
        while i < daily.count {
            let month = String(DailyEquity.dateText(ofDay: daily.days[i]).prefix(7))
            var last = i
            while last + 1 < daily.count, DailyEquity.dateText(ofDay: daily.days[last + 1]).hasPrefix(month) {
                last += 1
            }
            let value = daily.equity[last]
            months.append((month, previous.isPositive ? (value - previous).doubleValue / previous.doubleValue : .nan))
            previous = value
            i = last + 1
        }
        return months
    }

    static func monthlyTable(daily: DailyEquity) -> String {
        var out =
            "<h2>Monthly returns</h2>\n<table class=\"monthly\">\n<tr><th class=\"l\">month</th><th>return</th></tr>\n"
        for (month, ret) in monthlyReturns(daily: daily) {
            out += "<tr class=\"month\"><td class=\"l\">\(month)</td>\(percentCell(ret))</tr>\n"
        }
        return out + "</table>\n"
    }

    static func tradeTable(_ trips: [RoundTrip], count: Int) -> String {
        var out = "<h2>Trades</h2>\n"
        if count > listedTrades {
            out += "<p>The first \(listedTrades) of \(count) trades; every fill is in fills.ndjson.</p>\n"
        }
        out += "<table class=\"trades\">\n<tr><th>#</th><th class=\"l\">entry</th><th class=\"l\">exit</th>"
        out += "<th>quantity</th><th>cost</th><th>proceeds</th><th>profit</th><th>return</th></tr>\n"
        for (n, trip) in trips.prefix(listedTrades).enumerated() {
            out += "<tr><td>\(n + 1)</td><td class=\"l\">\(trip.entryTime.iso8601)</td>"
            out += "<td class=\"l\">\(trip.exitTime.iso8601)</td><td>\(trip.quantity)</td><td>\(trip.cost)</td>"
            out += "<td>\(trip.proceeds)</td><td>\(trip.profit)</td>\(percentCell(trip.returnFraction))</tr>\n"
        }
        return out + "</table>\n"
    }

    static func percentCell(_ value: Double) -> String {
        guard value.isFinite else { return "<td>–</td>" }
        return
            "<td class=\"\(value < 0 ? "neg" : "pos")\">\(RoundedDecimalText.string(value * 100, fractionDigits: 2))%</td>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
