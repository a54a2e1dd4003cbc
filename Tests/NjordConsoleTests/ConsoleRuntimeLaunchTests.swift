import NjordConsole
import NjordCore
import NjordTerminal
import Testing

/// The runtime carries out the Backtests screen's reactions through the injected library: a launch
/// from the form, the job's liveness, opening a run, and `q` asking while the job runs.
@Suite struct ConsoleRuntimeLaunchTests {
    final class FakeLibrary: BacktestLibrary {
        var launched: [BacktestLaunchRequest] = []
        var alive = true
        let strategyKinds = ["donchian", "sma_cross"]

        func listRuns() -> [BacktestRunSummary] { ConsoleSamples.runs }

        func detail(of runId: String, points: Int) -> BacktestRunDetail? {
            guard let run = ConsoleSamples.runs.first(where: { $0.id == runId }) else { return nil }
            return BacktestRunDetail(summary: run, equity: (0..<points).map(Double.init))
        }

        func launch(_ request: BacktestLaunchRequest) throws -> LaunchedBacktest {
            launched.append(request)
            return LaunchedBacktest(runId: request.runId, pid: 77, logPath: "/tmp/x.log", description: "fake")
        }

        func isRunning(pid: Int32) -> Bool { alive }
    }

    func runtime(_ library: FakeLibrary) -> ConsoleRuntime {
        let clock = ManualClock(start: Timestamp(iso8601: "2024-08-09T00:05:05Z")!)
        let runtime = ConsoleRuntime(
            screen: MemoryScreen(rows: 24, columns: 80), link: BusLink(address: "none") { InProcessBus() },
            clock: clock, identity: "console:ops@test",
            killSwitchStore: KillSwitchFileStore(runDirectory: "/nonexistent-njord-test"), authority: "none",
            library: library)
        return runtime
    }

    @Test func theFormLaunchesThroughTheLibraryAndQAsksWhileTheJobRuns() {
        let library = FakeLibrary()
        let runtime = runtime(library)
        for key: TerminalKey in [.character("6"), .character("n"), .right, .tab] { #expect(runtime.handle(key)) }
        for c in "ethusdt" { runtime.handle(.character(c)) }
        runtime.handle(.enter)
        #expect(
            library.launched == [
                BacktestLaunchRequest(
                    strategy: "sma_cross", source: .storeSymbol("ETHUSDT"), params: "", fee: "0.001",
                    runId: "console-20240809T000505Z-1")
            ])
        #expect(runtime.model.backtests.form == nil && runtime.model.backtests.runningJobs == 1)
        #expect(runtime.handle(.character("q")))
        #expect(runtime.model.dialog == .confirmQuit(running: 1))
        runtime.handle(.escape)
        library.alive = false
        runtime.readLibrary(force: true)
        #expect(runtime.model.backtests.runningJobs == 0)
        #expect(!runtime.handle(.character("q")))
    }

    @Test func enterOpensTheSelectedRunWithAnEquityCurveFittedToTheWidth() {
        let runtime = runtime(FakeLibrary())
        runtime.handle(.character("6"))
        runtime.readLibrary(force: true)
        #expect(runtime.model.backtests.runs?.count == 3)
        runtime.handle(.enter)
        #expect(runtime.model.backtests.detail?.summary.id == "donchian")
        #expect(runtime.model.backtests.detail?.equity.count == (80 - 12) * 2)
        runtime.handle(.escape)
        #expect(runtime.model.backtests.detail == nil)
    }

    @Test func aFormWithoutASourceIsNotLaunchedAndSaysWhy() {
        let library = FakeLibrary()
        let runtime = runtime(library)
        runtime.handle(.character("6"))
        runtime.handle(.character("n"))
        runtime.handle(.enter)
        #expect(library.launched.isEmpty)
        #expect(runtime.model.backtests.form?.problem == BacktestFormProblem.noSource.description)
    }
}
