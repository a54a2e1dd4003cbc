import Foundation
import NjordBacktest
import NjordCrypto
import NjordTestSupport
import Testing

/// Golden runs on the shared kernel: a limit-order strategy on bars (Bollinger on ftx45k: resting
/// limits, cancels, maker fills) and a tick run (SMA on 1 s bars from the recorded BTCUSDT trades,
/// fills in the paper matching engine). Each repeats byte for byte and matches its committed
/// digests; `NJORD_UPDATE_GOLDEN=1` rewrites them.
@Suite struct BacktestKernelGoldenTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("NjordBacktestTests/Fixtures")
    static let tradesCSV = SharedData.data(
        "trades/derived-binance-spot-BTCUSDT-trades-20240808T235415Z-20240809T000505Z.csv")

    /// Runs `arguments` twice into `scratch`, checks the result files are identical and returns
    /// their digests as the fixture document, plus the first run's JSON summary.
    static func goldenDocument(
        _ label: String, _ arguments: [String], scratch: String
    ) throws -> (document: String, summary: [String: Any]) {
        var outputs: [NjordProcess.Finished] = []
        for id in ["a", "b"] {
            let run = try NjordProcess.run(arguments + ["--runs-dir", scratch, "--run-id", id, "--json"])
            #expect(run.status == 0, "\(run)")
            outputs.append(run)
        }
        var digests: [String] = []
        for name in BacktestRunWriter.deterministicFiles {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(scratch)/a/\(name)"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(scratch)/b/\(name)"))
            #expect(a == b, "\(name) differs between two runs")
            digests.append("    \"\(name)\": \"\(try SHA256.hex(of: [UInt8](a)))\"")
        }
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(outputs[0].stdout.utf8)) as? [String: Any])
        let document =
            "{\n  \"run\": \"\(label)\",\n  \"sha256\": {\n" + digests.joined(separator: ",\n") + "\n  }\n}\n"
        return (document, summary)
    }

    static func compare(_ document: String, fixture name: String) throws {
        let url = fixtures.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["NJORD_UPDATE_GOLDEN"] == "1" {
            try Data(document.utf8).write(to: url)
            return
        }
        let committed = try String(contentsOf: url, encoding: .utf8)
        #expect(committed == document, "outputs changed; if intended, NJORD_UPDATE_GOLDEN=1 (docs/METRICS.md)")
    }

    static func scratchDirectory() -> String {
        NSTemporaryDirectory() + "njord-kernel-golden-\(UInt32.random(in: 0...UInt32.max))"
    }

    @Test func aBollingerLimitOrderRunOnFtx45kRepeatsAndMatchesItsGoldenDigests() throws {
        let scratch = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let params = "period=20,num_std=2,quantity=1"
        let (document, summary) = try Self.goldenDocument(
            "njord backtest --bars ftx-btc-perp-20211231-20220201_1m.csv --strategy bollinger --params \(params) "
                + "--fee 0.001 --maker-fee 0.0002 --cash 100000",
            [
                "backtest", "--bars", SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv").path,
                "--strategy", "bollinger", "--params", params, "--fee", "0.001", "--maker-fee", "0.0002",
                "--cash", "100000",
            ], scratch: scratch)
        // Limit orders rest and fill as makers at their own price: every fill pays 2 bps.
        let entries = try #require(summary["entries"] as? Int)
        #expect(entries > 10 && summary["risk_denied"] as? Int == 0)
        let fills = try String(contentsOfFile: "\(scratch)/a/fills.ndjson", encoding: .utf8).split(separator: "\n")
        for line in fills.prefix(20) {
            let fill = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let notional = try #require((fill["notional"] as? String).flatMap(Double.init))
            let fee = try #require((fill["fee"] as? String).flatMap(Double.init))
            #expect(abs(fee - notional * 0.0002) <= 1e-8, "\(line)")
        }
        try Self.compare(document, fixture: "golden-ftx45k-bollinger-20-2-1.json")
    }

    @Test func aTickRunOnTheRecordedTradesRepeatsAndMatchesItsGoldenDigests() throws {
        let scratch = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let store = "\(scratch)/store"
        let imported = try NjordProcess.run([
            "data", "import", "--venue", "binance", "--symbol", "BTCUSDT", "--root", store, Self.tradesCSV.path,
        ])
        #expect(imported.status == 0, "\(imported)")
        let (document, summary) = try Self.goldenDocument(
            "njord backtest --ticks --symbol BTCUSDT --strategy sma_cross --params fast=5,slow=20 --fee 0.001 "
                + "--cash 100000 (trades of derived-binance-spot-BTCUSDT-…-20240809T000505Z.csv)",
            [
                "backtest", "--ticks", "--store", store, "--venue", "binance", "--symbol", "BTCUSDT", "--strategy",
                "sma_cross", "--params", "fast=5,slow=20", "--fee", "0.001", "--cash", "100000",
            ], scratch: "\(scratch)/runs")
        #expect(summary["ticks"] as? Int == 19_904)
        #expect((summary["entries"] as? Int ?? 0) > 0)
        try Self.compare(document, fixture: "golden-ticks-btcusdt-sma_cross-5-20.json")
    }
}
