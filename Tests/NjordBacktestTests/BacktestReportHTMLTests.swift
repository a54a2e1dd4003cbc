import Foundation
import NjordBacktest
import NjordCore
import NjordStrategies
import NjordTestSupport
import Testing

/// report.html of the ftx45k run: self-contained, both charts, one monthly row per month of data.
@Suite struct BacktestReportHTMLTests {
    static func render() throws -> (html: String, bars: BarSeries, trades: Int) {
        let bars = try BarCSVReader.read(path: SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv").path)
        let result = try BacktestRunner.run(
            strategy: SmaCross.name, parameters: StrategyParameters(parsing: "fast=10,slow=50"), bars: bars,
            config: BacktestConfig(cash: Fixed(100_000), feeRate: try Fixed("0.001")))
        let a = BacktestAnalysis(result: result, bars: bars)
        let html = BacktestReportHTML.render(
            heading: .init(strategy: "sma_cross", parameters: "fast=10,slow=50", data: "ftx45k"), result: result,
            metrics: a.metrics, curve: a.curve, daily: a.daily, trips: a.trips)
        return (html, bars, a.trips.count)
    }

    @Test func theReportIsSelfContainedWithBothCharts() throws {
        let html = try Self.render().html
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        #expect(html.components(separatedBy: "<polyline").count - 1 == 2)
        for attribute in ["src=", "href=", "<script", "<link", "url("] {
            #expect(!html.contains(attribute), "\(attribute) in a self-contained page")
        }
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(html.components(separatedBy: "<table").count == html.components(separatedBy: "</table>").count)
    }

    @Test func monthlyRowsAreTheMonthsOfTheBars() throws {
        let (html, bars, _) = try Self.render()
        // The months of the bar times, by Foundation's own UTC calendar.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var months: [String] = []
        for t in bars.times {
            let parts = calendar.dateComponents(
                [.year, .month], from: Date(timeIntervalSince1970: Double(t / 1_000_000_000)))
            let month = String(format: "%04d-%02d", parts.year!, parts.month!)
            if months.last != month { months.append(month) }
        }
        #expect(months.count == 3)
        let rows = html.components(separatedBy: "<tr class=\"month\"><td class=\"l\">").dropFirst().map {
            String($0.prefix(7))
        }
        #expect(rows == months)
    }

    @Test func everyClosedTradeIsListed() throws {
        let (html, _, trades) = try Self.render()
        let section = try #require(html.components(separatedBy: "<table class=\"trades\">").last)
        #expect(section.components(separatedBy: "<tr><td>").count - 1 == trades)
        #expect(trades == 617)
    }
}
