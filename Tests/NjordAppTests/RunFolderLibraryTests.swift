import Foundation
import NjordConsole
import NjordTestSupport
import Testing

@testable import NjordApp

/// The console's library over real run folders: a backtest launched detached (its own session,
/// output in the log) on the shared ftx45k bars, then listed and opened in the detail view.
@Suite struct RunFolderLibraryTests {
    static let bars = SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv").path
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Waits up to `seconds` for `condition`, checking every 20 ms.
    static func wait(seconds: Int, until condition: () -> Bool) -> Bool {
        let end = ContinuousClock.now.advanced(by: .seconds(seconds))
        while ContinuousClock.now < end {
            if condition() { return true }
            _ = poll(nil, 0, 20)
        }
        return condition()
    }

    @Test func aLaunchedRunIsDetachedWritesItsFolderAndOpensInTheDetailView() throws {
        let njord = try #require(NjordBinary.path(), "njord not built")
        let scratch = NSTemporaryDirectory() + "njord-console-library-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let library = RunFolderLibrary(runsDir: scratch + "/runs", logDir: scratch + "/log", njord: njord)
        #expect(library.strategyKinds.contains("sma_cross"))
        #expect(library.listRuns().isEmpty)

        let request = BacktestLaunchRequest(
            strategy: "sma_cross", source: .barsFile(Self.bars), params: "fast=10,slow=50", fee: "0.001",
            runId: "console-test-1")
        let job = try library.launch(request)
        // Its own session (setsid): a hangup of the console's terminal never reaches it.
        #expect(getsid(job.pid) == job.pid)
        #expect(getsid(job.pid) != getsid(0))
        #expect(Self.wait(seconds: 120) { !library.isRunning(pid: job.pid) }, "the backtest did not finish")
        let log = try String(contentsOfFile: job.logPath, encoding: .utf8)
        #expect(log.contains("\"final_equity\""), "log: \(log)")

        let runs = library.listRuns()
        #expect(runs.map(\.id) == ["console-test-1"])
        let summary = try #require(runs.first)
        #expect(summary.strategy == "sma_cross" && summary.params == "fast=10,slow=50")
        #expect(summary.metrics["trades"] != nil && !summary.finishedAt.isEmpty)
        var detail = try #require(library.detail(of: "console-test-1", points: 136))
        #expect(detail.equity.count == 136)
        let csv = RunFolderLibrary.equity(csvAt: summary.path + "/equity.csv")
        #expect(detail.equity.first == csv.first && detail.equity.last == csv.last)

        var model = ConsoleModel(identity: "console:test@host", now: .init(nanosecondsSinceEpoch: 0))
        model.screen = .backtests
        model.backtests.detail = detail
        let screen = MemoryScreen(rows: 24, columns: 80)
        ConsoleRenderer.render(model, on: screen)
        #expect(screen.text.contains("report: \(summary.path)/report.html"))
        #expect(FileManager.default.fileExists(atPath: summary.reportPath))

        // The fixture with the machine's paths and the finish time left out.
        detail.summary.path = "/runs/console-test-1"
        detail.summary.data = "ftx45k"
        detail.summary.finishedAt = ""
        model.backtests.detail = detail
        ConsoleRenderer.render(model, on: screen)
        let url = Self.fixtures.appendingPathComponent("console-backtest-detail-80x24.txt")
        if ProcessInfo.processInfo.environment["NJORD_UPDATE_GOLDEN"] == "1" {
            try (screen.text + "\n").write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try #require(try? String(contentsOf: url, encoding: .utf8), "run with NJORD_UPDATE_GOLDEN=1")
        #expect(screen.text + "\n" == expected, "\(screen.text)")
    }
}
