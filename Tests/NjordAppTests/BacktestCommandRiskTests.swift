import Foundation
import NjordTestSupport
import Testing

/// `njord backtest --risk`: every order passes the risk engine. The repo's `backtest` profile
/// (instrument filters and the kill switch) lets the all-cash SMA buys through; `--risk live`
/// applies `config/base.yaml`'s caps, which deny each 100000 quote-amount buy and name the rules.
@Suite struct BacktestCommandRiskTests {
    static let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("config").path

    static func run(risk: String, scratch: String) throws -> [String: Any] {
        let run = try NjordProcess.run([
            "backtest", "--bars", SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv").path, "--strategy",
            "sma_cross", "--params", "fast=10,slow=50", "--risk", risk, "--config-dir", config, "--runs-dir", scratch,
            "--run-id", risk, "--json",
        ])
        #expect(run.status == 0, "\(run)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test func theLiveProfileDeniesOrdersOverItsCapsAndTheBacktestProfileDoesNot() throws {
        let scratch = NSTemporaryDirectory() + "njord-bt-risk-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let backtest = try Self.run(risk: "backtest", scratch: scratch)
        #expect(backtest["entries"] as? Int == 617 && backtest["risk_denied"] as? Int == 0)
        let live = try Self.run(risk: "live", scratch: scratch)
        #expect(live["entries"] as? Int == 0 && live["final_equity"] as? String == "100000")
        #expect(live["risk_denied"] as? Int == 617)
    }

    @Test func aProfileOtherThanBacktestOrLiveIsRefusedByName() throws {
        let run = try NjordProcess.run([
            "backtest", "--bars", SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv").path, "--risk", "paper",
            "--config-dir", Self.config, "--runs-dir", NSTemporaryDirectory() + "njord-bt-risk-none",
        ])
        #expect(run.status != 0 && run.stderr.contains("--risk must be backtest or live"), "\(run)")
    }
}
