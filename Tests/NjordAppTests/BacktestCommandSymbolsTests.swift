import Foundation
import NjordBacktest
import NjordTestSupport
import Testing

/// `njord backtest` over several symbols: `--bars a.csv,b.csv --symbol A,B` gives the same run
/// folder whatever order the pairs are listed in; a file without its label is refused.
@Suite struct BacktestCommandSymbolsTests {
    static let ftx = SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv")

    /// ftx45k with each row's prices taken from 5000 rows later (wrapping round), times kept.
    static func shiftedCopy(to path: String) throws {
        let lines = try String(contentsOf: ftx, encoding: .utf8).split(separator: "\n")
        let rows = Array(lines.dropFirst())
        var out = String(lines[0]) + "\n"
        for (i, row) in rows.enumerated() {
            let time = row.split(separator: ",", maxSplits: 1)[0]
            let values = rows[(i + 5_000) % rows.count].split(separator: ",", maxSplits: 1)[1]
            out += "\(time),\(values)\n"
        }
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aRunOverTwoSymbolsDoesNotDependOnTheOrderTheyAreListed() throws {
        let scratch = NSTemporaryDirectory() + "njord-bt-symbols-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let alt = "\(scratch)/alt.csv"
        try Self.shiftedCopy(to: alt)
        let common = [
            "--strategy", "sma_cross", "--params", "fast=10,slow=50", "--runs-dir", "\(scratch)/runs", "--json",
        ]
        let forward = try NjordProcess.run(
            ["backtest", "--bars", "\(Self.ftx.path),\(alt)", "--symbol", "BTC,ALT", "--run-id", "f"] + common)
        let backward = try NjordProcess.run(
            ["backtest", "--bars", "\(alt),\(Self.ftx.path)", "--symbol", "ALT,BTC", "--run-id", "b"] + common)
        #expect(forward.status == 0 && backward.status == 0, "\(forward)\n\(backward)")
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(forward.stdout.utf8)) as? [String: Any])
        #expect(summary["bars"] as? Int == 2 * 45_031)
        for name in BacktestRunWriter.deterministicFiles where name != "report.html" {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(scratch)/runs/f/\(name)"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(scratch)/runs/b/\(name)"))
            #expect(!a.isEmpty && a == b, "\(name) differs with the symbols listed the other way round")
        }
        // Fills name their symbol; both symbols trade from the one cash account.
        let fills = try String(contentsOfFile: "\(scratch)/runs/f/fills.ndjson", encoding: .utf8)
        #expect(fills.contains("\"symbol\":\"BTC\"") && fills.contains("\"symbol\":\"ALT\""))
        // The report differs only in the line naming the data (listed as given).
        let reports = try ["f", "b"].map {
            try String(contentsOfFile: "\(scratch)/runs/\($0)/report.html", encoding: .utf8)
                .split(separator: "\n").filter { !$0.hasPrefix("<p>Data: ") }
        }
        #expect(reports[0] == reports[1])
    }

    @Test func barsFilesWithoutOneLabelEachAreRefused() throws {
        let run = try NjordProcess.run([
            "backtest", "--bars", "\(Self.ftx.path),\(Self.ftx.path)", "--symbol", "BTC", "--runs-dir",
            NSTemporaryDirectory() + "njord-bt-refused",
        ])
        #expect(run.status != 0 && run.stderr.contains("one --symbol label per --bars file"), "\(run)")
    }
}
