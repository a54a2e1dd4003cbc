import Foundation
import NjordBacktest
import NjordCrypto
import NjordTestSupport
import Testing

/// The fixed run of docs/METRICS.md (ftx45k, sma_cross 10/50, fee 0.001, cash 100000): its result
/// files repeat byte for byte and match the committed SHA-256 digests. `NJORD_UPDATE_GOLDEN=1`
/// rewrites the digests instead of comparing them.
@Suite struct BacktestGoldenTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("NjordBacktestTests/Fixtures/golden-ftx45k-sma_cross-10-50.json")

    static func backtest(runsDir: String, id: String) throws -> NjordProcess.Finished {
        try NjordProcess.run([
            "backtest", "--bars", SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv").path,
            "--strategy", "sma_cross", "--params", "fast=10,slow=50", "--fee", "0.001", "--cash", "100000",
            "--runs-dir", runsDir, "--run-id", id, "--json",
        ])
    }

    @Test func theFtx45kRunRepeatsByteForByteAndMatchesTheGoldenDigests() throws {
        let scratch = NSTemporaryDirectory() + "njord-golden-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let ids = ["golden-run-q7x", "golden-run-z3k"]
        let first = try Self.backtest(runsDir: scratch, id: ids[0])
        let second = try Self.backtest(runsDir: scratch, id: ids[1])
        #expect(first.status == 0 && second.status == 0, "\(first)\n\(second)")

        var digests: [(String, String)] = []
        for name in BacktestRunWriter.deterministicFiles {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(scratch)/\(ids[0])/\(name)"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(scratch)/\(ids[1])/\(name)"))
            #expect(a == b, "\(name) differs between two runs")
            let text = String(decoding: a, as: UTF8.self)
            #expect(!text.contains("golden-run-") && !text.contains(scratch), "\(name) names the run or its folder")
            digests.append((name, try SHA256.hex(of: [UInt8](a))))
        }
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let written = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: "\(scratch)/\(ids[0])/metrics.json")))
        let metrics = try #require(summary["metrics"] as? [String: Any])
        #expect(metrics.count == 15 && metrics.values.allSatisfy { $0 is NSNumber })
        #expect(NSDictionary(dictionary: metrics).isEqual(written), "--json metrics differ from metrics.json")
        #expect(summary["run_dir"] as? String == "\(scratch)/\(ids[0])" && summary["run_seconds"] is NSNumber)

        let run = try String(contentsOfFile: "\(scratch)/\(ids[0])/run.json", encoding: .utf8)
        #expect(run.contains("\"run_id\":\"\(ids[0])\"") && run.contains("\"run_seconds\":"))

        let document =
            "{\n  \"run\": \"njord backtest --bars ftx-btc-perp-20211231-20220201_1m.csv --strategy sma_cross "
            + "--params fast=10,slow=50 --fee 0.001 --cash 100000\",\n  \"sha256\": {\n"
            + digests.map { "    \"\($0.0)\": \"\($0.1)\"" }.joined(separator: ",\n") + "\n  }\n}\n"
        if ProcessInfo.processInfo.environment["NJORD_UPDATE_GOLDEN"] == "1" {
            try Data(document.utf8).write(to: Self.fixture)
            return
        }
        let committed = try String(contentsOf: Self.fixture, encoding: .utf8)
        #expect(committed == document, "outputs changed; if intended, NJORD_UPDATE_GOLDEN=1 (docs/METRICS.md)")
    }
}
