import Foundation
import NjordBacktest
import NjordTestSupport
import Testing

/// `njord runs list|show` and `njord report` over run folders that `njord backtest` wrote.
@Suite struct RunsCommandTests {
    /// Three days of 1-minute bars in a slow wave: enough crossings for a few trades.
    static func writeBars(to path: String) throws {
        var text = "timestamp,open,high,low,close,volume\n"
        let start = 1_767_225_600  // 2026-01-01 00:00:00 UTC
        var previous = 100.0
        for i in 0..<(3 * 1440) {
            let close = (100 + 10 * sin(Double(i) / 90) + Double(i % 7)).rounded()
            var stamp: [UInt8] = []
            BarCSVReader.formatTime(Int64(start + 60 * i) * 1_000_000_000, into: &stamp)
            text +=
                "\(String(decoding: stamp, as: UTF8.self)),\(previous),\(max(previous, close)),\(min(previous, close)),\(close),1\n"
            previous = close
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// A scratch folder with two runs, `older` then `newer`.
    static func twoRuns() throws -> (scratch: String, runs: String) {
        let scratch = NSTemporaryDirectory() + "njord-runs-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try writeBars(to: scratch + "/bars.csv")
        for (id, params) in [("older", "fast=5,slow=20"), ("newer", "fast=10,slow=50")] {
            let finished = try NjordProcess.run([
                "backtest", "--bars", scratch + "/bars.csv", "--params", params, "--runs-dir", scratch + "/runs",
                "--run-id", id,
            ])
            #expect(finished.status == 0, "\(finished)")
        }
        return (scratch, scratch + "/runs")
    }

    static func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test func listShowsEveryRunNewestFirstWithItsHeadlineMetrics() throws {
        let (scratch, runs) = try Self.twoRuns()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let listed = try NjordProcess.run(["runs", "list", "--runs-dir", runs, "--json"])
        #expect(listed.status == 0, "\(listed)")
        let rows = try #require(try Self.json(listed.stdout) as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["newer", "older"])
        #expect(rows.map { $0["params"] as? String } == ["fast=10,slow=50", "fast=5,slow=20"])
        for row in rows {
            let id = try #require(row["id"] as? String)
            let metrics = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: "\(runs)/\(id)/metrics.json")))
                    as? [String: Any])
            #expect(row["strategy"] as? String == "sma_cross")
            #expect(row["data"] as? String == scratch + "/bars.csv")
            #expect((row["total_return"] as? NSNumber) == (metrics["total_return"] as? NSNumber))
            #expect((row["trades"] as? NSNumber) == (metrics["trades"] as? NSNumber))
            #expect(row.keys.contains("sharpe"))
        }
        let text = try NjordProcess.run(["runs", "list", "--runs-dir", runs])
        let lines = text.stdout.split(separator: "\n")
        #expect(lines.count == 3 && lines[0].hasPrefix("id\tstrategy") && lines[1].hasPrefix("newer\t"))
    }

    @Test func listOfAnEmptyRunsFolderSaysSo() throws {
        let listed = try NjordProcess.run(["runs", "list", "--runs-dir", "/nonexistent/njord-runs", "--json"])
        #expect(listed.status == 0 && listed.stdout == "[]\n")
    }

    @Test func showPrintsEveryMetricAndTheAbsolutePathsOfTheFiles() throws {
        let (scratch, runs) = try Self.twoRuns()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let shown = try NjordProcess.run(["runs", "show", "older", "--runs-dir", runs, "--json"])
        #expect(shown.status == 0, "\(shown)")
        let object = try #require(try Self.json(shown.stdout) as? [String: Any])
        let metrics = try #require(object["metrics"] as? [String: Any])
        #expect(metrics.count == 15 && metrics["sortino"] != nil && metrics["max_drawdown_days"] != nil)
        let files = try #require(object["files"] as? [String: String])
        #expect(Set(files.keys).isSuperset(of: ["report.html", "metrics.json", "equity.csv", "fills.ndjson"]))
        for path in files.values { #expect(path.hasPrefix("/") && FileManager.default.fileExists(atPath: path)) }

        let text = try NjordProcess.run(["runs", "show", "\(runs)/newer"])
        #expect(text.status == 0 && text.stdout.contains("run       newer") && text.stdout.contains("sharpe"))
        let missing = try NjordProcess.run(["runs", "show", "nope", "--runs-dir", runs])
        #expect(missing.status != 0 && missing.stderr.contains("no run folder"))
    }

    @Test func reportPrintsTheAbsolutePathAndOpensItWithXdgOpenWhenPresent() throws {
        let (scratch, runs) = try Self.twoRuns()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let expected = URL(fileURLWithPath: "\(runs)/newer/report.html").standardizedFileURL.path
        let printed = try NjordProcess.run(["report", "newer", "--runs-dir", runs])
        #expect(printed.status == 0 && printed.stdout == expected + "\n", "\(printed)")

        let noOpener = try NjordProcess.run(
            ["report", "newer", "--runs-dir", runs, "--open"], environment: ["PATH": scratch + "/empty"])
        #expect(noOpener.status == 0 && noOpener.stdout == expected + "\n")
        #expect(noOpener.stderr.contains("xdg-open not found"))

        // A stand-in xdg-open that records what it was asked to open.
        let bin = scratch + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try "#!/bin/sh\necho \"$1\" > \(scratch)/opened\n".write(
            toFile: bin + "/xdg-open", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/xdg-open")
        let opened = try NjordProcess.run(
            ["report", "newer", "--runs-dir", runs, "--open"], environment: ["PATH": bin + ":/usr/bin:/bin"])
        #expect(opened.status == 0, "\(opened)")
        #expect(eventually { (try? String(contentsOfFile: scratch + "/opened", encoding: .utf8)) == expected + "\n" })
    }
}
