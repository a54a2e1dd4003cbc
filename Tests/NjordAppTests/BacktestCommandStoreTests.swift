import Foundation
import NjordBacktest
import NjordTestSupport
import Testing

/// `njord backtest` reading the store: bars imported from the ftx45k CSV, streamed through the
/// engine in chunks, give the very outputs of the CSV run held in memory; a tick backtest over the recorded trades (imported with `njord data import`, the
/// range crossing a UTC midnight) replays every trade and books every fill exactly.
@Suite struct BacktestCommandStoreTests {
    static let ftx = SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv")
    static let tradesCSV = SharedData.data(
        "trades/derived-binance-spot-BTCUSDT-trades-20240808T235415Z-20240809T000505Z.csv")

    @Test func barsReadFromTheStoreGiveTheCSVRunsOutputsByteForByte() throws {
        let scratch = NSTemporaryDirectory() + "njord-bt-store-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let imported = try NjordProcess.run([
            "data", "import", "--venue", "ftx", "--symbol", "BTCPERP", "--root", "\(scratch)/store",
            "--interval", "1m", "--round-excess-digits", Self.ftx.path,
        ])
        #expect(imported.status == 0, "\(imported)")
        let common = ["--strategy", "sma_cross", "--params", "fast=10,slow=50", "--runs-dir", "\(scratch)/runs"]
        let csv = try NjordProcess.run(["backtest", "--bars", Self.ftx.path, "--run-id", "csv"] + common)
        let stored = try NjordProcess.run(
            [
                "backtest", "--store", "\(scratch)/store", "--venue", "ftx", "--symbol", "BTCPERP", "--interval", "1m",
                "--run-id", "store",
            ] + common)
        #expect(csv.status == 0 && stored.status == 0, "\(csv)\n\(stored)")
        for name in BacktestRunWriter.deterministicFiles where name != "report.html" {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(scratch)/runs/csv/\(name)"))
            var b = try Data(contentsOf: URL(fileURLWithPath: "\(scratch)/runs/store/\(name)"))
            if name == "orders.ndjson" {  // the store run's intents name its symbol, the CSV run's BACKTEST
                b = Data(
                    String(decoding: b, as: UTF8.self).replacingOccurrences(
                        of: "\"symbol\":\"BTCPERP\"", with: "\"symbol\":\"BACKTEST\""
                    ).utf8)
            }
            #expect(!a.isEmpty && a == b, "\(name) differs between the CSV and the store run")
        }
        // The report names its data source; apart from that line it is the same document.
        let reports = try ["csv", "store"].map {
            try String(contentsOfFile: "\(scratch)/runs/\($0)/report.html", encoding: .utf8)
                .split(separator: "\n").filter { !$0.contains("ftx-btc-perp") && !$0.contains("store:") }
        }
        #expect(reports[0] == reports[1])
    }

    @Test func aTickBacktestOverImportedTradesReplaysEveryTradeAndBooksEveryFillExactly() throws {
        let scratch = NSTemporaryDirectory() + "njord-bt-ticks-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let imported = try NjordProcess.run([
            "data", "import", "--venue", "binance", "--symbol", "BTCUSDT", "--root", "\(scratch)/store",
            Self.tradesCSV.path,
        ])
        #expect(imported.status == 0, "\(imported)")
        let run = try NjordProcess.run([
            "backtest", "--ticks", "--store", "\(scratch)/store", "--symbol", "BTCUSDT", "--from", "2024-08-08",
            "--to", "2024-08-10", "--strategy", "sma_cross", "--params", "fast=5,slow=20", "--taker-fee", "0.001",
            "--slippage-bps", "1", "--runs-dir", "\(scratch)/runs", "--run-id", "t", "--json",
        ])
        #expect(run.status == 0, "\(run)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let rows = try String(contentsOf: Self.tradesCSV, encoding: .utf8).split(separator: "\n").count - 1
        #expect(summary["ticks"] as? Int == rows)
        let bars = try #require(summary["bars"] as? Int)
        #expect(bars > 600 && bars <= 651)  // 23:54:15 … 00:05:05: at most one bar a second
        // Cash is the fold of the fills: starting cash, minus buys' notional and fee, plus sells'.
        let fills = try String(contentsOfFile: "\(scratch)/runs/t/fills.ndjson", encoding: .utf8)
            .split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
        #expect(fills.count == (summary["entries"] as? Int ?? -1) + (summary["exits"] as? Int ?? -1) && !fills.isEmpty)
        var cash = Decimal(100_000)
        for fill in fills {
            let notional = Decimal(string: fill["notional"] as? String ?? "")!
            let fee = Decimal(string: fill["fee"] as? String ?? "")!
            cash += fill["side"] as? String == "buy" ? -(notional + fee) : notional - fee
            #expect(Decimal(string: fill["cash"] as? String ?? "") == cash)
            #expect(cash >= 0, "cash overdrawn")
        }
        #expect(Decimal(string: summary["final_cash"] as? String ?? "") == cash)
    }
}
