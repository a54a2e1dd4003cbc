import Foundation
import NjordTestSupport
import Testing

/// `njord walkforward` on the real ftx45k bars, as the built binary.
@Suite struct WalkForwardCommandTests {
    @Test func walkForwardOnFtx45kStitchesOneEquityCurveStartingAtTheCash() throws {
        let scratch = NSTemporaryDirectory() + "njord-wf-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let run = try NjordProcess(
            [
                "walkforward", "--bars", SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv").path,
                "--strategy", "sma_cross", "--grid", "fast=5:15:5,slow=30:60:30", "--train-days", "10",
                "--test-days", "5", "--metric", "sharpe", "--cash", "100000", "--runs-dir", scratch, "--run-id", "wf",
            ]
        ).finish(within: 120)
        #expect(run.status == 0, "\(run)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let windows = try #require(summary["windows"] as? [[String: Any]])
        // 45,031 minute bars from 2021-12-31 23:01: tests start after 10 days and tile the rest by 5.
        #expect(windows.count == 5)
        var previousEnd = "100000"
        for window in windows {
            #expect(window["start_equity"] as? String == previousEnd)
            previousEnd = try #require(window["end_equity"] as? String)
            let params = try #require(window["params"] as? [String: String])
            #expect(["5", "10", "15"].contains(params["fast"]) && ["30", "60"].contains(params["slow"]))
            #expect((window["in_sample"] as? [String: Any])?["sharpe"] != nil)
            #expect((window["out_of_sample"] as? [String: Any])?["total_return"] != nil)
        }
        #expect(summary["final_equity"] as? String == previousEnd)
        #expect(summary["run_dir"] as? String == scratch + "/wf")

        let equity = try String(contentsOfFile: scratch + "/wf/equity.csv", encoding: .utf8).split(separator: "\n")
        #expect(equity[0] == "timestamp,equity")
        #expect(equity[1].split(separator: ",").last == "100000")
        #expect(equity.last?.split(separator: ",").last.map(String.init) == previousEnd)
        let testBars = windows.reduce(0) { $0 + (($1["test_bars"] as? Int) ?? 0) }
        #expect(equity.count == testBars + 1)
        for name in ["metrics.json", "report.html", "fills.ndjson", "daily.csv", "config.json"] {
            #expect(FileManager.default.fileExists(atPath: "\(scratch)/wf/\(name)"), "\(name)")
        }
    }
}
