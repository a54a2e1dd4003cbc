import NjordConsole
import NjordCore
import NjordTerminal
import Testing

/// The runtime carries out the Backtests screen's reactions through the injected library: a launch
/// from the form, polls at most twice a second that feed the job list and the results, opening a
/// result, and `q` asking while launched jobs have no result.
@Suite struct ConsoleRuntimeLaunchTests {
    final class FakeLibrary: BacktestLibrary {
        var launched: [BacktestLaunchRequest] = []
        var results: [BacktestRunSummary] = []
        var running: [BacktestJobRow] = []
        var polls = 0
        var refusal: String?
        var unreachable = false
        let strategyKinds = ["donchian", "sma_cross"]

        struct Refused: Error, CustomStringConvertible {
            let description: String
        }

        func poll() throws -> BacktestLibrarySnapshot {
            polls += 1
            if unreachable { throw Refused(description: "not connected to Redis") }
            return BacktestLibrarySnapshot(results: results, running: running, workerAlive: true)
        }

        func detail(of id: String) -> BacktestRunDetail? {
            guard let run = results.first(where: { $0.id == id }) else { return nil }
            return BacktestRunDetail(summary: run, equity: [1, 2, 3])
        }

        func launch(_ request: BacktestLaunchRequest) throws -> LaunchedBacktest {
            if let refusal { throw Refused(description: refusal) }
            launched.append(request)
            return LaunchedBacktest(
                id: "bt-1", mode: request.mode, jobIds: ["bt-1-0000"], description: request.summary, workerPid: 77,
                workerLog: "/tmp/w.log")
        }
    }

    let clock = ManualClock(start: Timestamp(iso8601: "2024-08-09T00:05:05Z")!)

    func runtime(_ library: FakeLibrary) -> ConsoleRuntime {
        ConsoleRuntime(
            screen: MemoryScreen(rows: 24, columns: 80), link: BusLink(address: "none") { InProcessBus() },
            clock: clock, identity: "console:ops@test",
            killSwitchStore: KillSwitchFileStore(runDirectory: "/nonexistent-njord-test"), authority: "none",
            library: library)
    }

    @Test func theFormQueuesThroughTheLibraryAndQAsksUntilTheResultIsIn() {
        let library = FakeLibrary()
        let runtime = runtime(library)
        for key: TerminalKey in [.character("6"), .character("n"), .tab, .right, .tab] { #expect(runtime.handle(key)) }
        for c in "ethusdt" { runtime.handle(.character(c)) }
        runtime.handle(.enter)
        #expect(
            library.launched == [
                BacktestLaunchRequest(
                    mode: .backtest, strategy: "sma_cross", source: .store(venue: "binance", symbol: "ETHUSDT"),
                    params: "", fee: "0.001")
            ])
        #expect(runtime.model.backtests.form == nil && runtime.model.backtests.runningJobs == 1)
        #expect(runtime.model.notice == "queued bt-1: 1 job; started njord-worker pid 77, log /tmp/w.log")
        #expect(runtime.handle(.character("q")))
        #expect(runtime.model.dialog == .confirmQuit(running: 1))
        runtime.handle(.escape)
        library.results = [ConsoleSamples.run("bt-1-0000", finished: "2024-08-09T00:05:06.000Z", ["trades": 3])]
        runtime.step()
        #expect(runtime.model.backtests.runningJobs == 0)
        #expect(!runtime.handle(.character("q")))
    }

    @Test func aRefusedLaunchKeepsTheFormOpenWithTheLibrarysReason() {
        let library = FakeLibrary()
        library.refusal = "--grid: fast: step must be positive"
        let runtime = runtime(library)
        for key: TerminalKey in [.character("6"), .character("n"), .tab, .tab] { runtime.handle(key) }
        for c in "/x.csv" { runtime.handle(.character(c)) }
        runtime.handle(.enter)
        #expect(runtime.model.backtests.form?.problem == "launch failed: --grid: fast: step must be positive")
        #expect(runtime.model.backtests.jobs.isEmpty)
    }

    @Test func pollsComeAtMostTwiceASecondAndOnlyWhileTheScreenOrAJobNeedsThem() {
        let library = FakeLibrary()
        let runtime = runtime(library)
        runtime.step()
        #expect(library.polls == 1)  // the first read, on any screen
        clock.advance(nanoseconds: 2_000_000_000)
        runtime.step()
        #expect(library.polls == 1)  // Overview shows no backtests
        runtime.handle(.character("6"))
        runtime.step()
        runtime.step()
        #expect(library.polls == 2)
        clock.advance(nanoseconds: 499_000_000)
        runtime.step()
        #expect(library.polls == 2)
        clock.advance(nanoseconds: 1_000_000)
        runtime.step()
        #expect(library.polls == 3)
    }

    @Test func aPollThatSawNothingNewCostsNoRedraw() {
        let library = FakeLibrary()
        library.results = ConsoleSamples.runs
        let runtime = runtime(library)
        runtime.handle(.character("6"))
        runtime.step()
        let revision = runtime.model.revision
        clock.advance(nanoseconds: 600_000_000)
        runtime.step()
        #expect(library.polls == 2)
        #expect(runtime.model.revision == revision)
    }

    @Test func anUnreachableLibraryIsShownOnTheScreen() {
        let library = FakeLibrary()
        library.unreachable = true
        let runtime = runtime(library)
        runtime.handle(.character("6"))
        runtime.step()
        #expect(runtime.model.backtests.problem == "not connected to Redis")
        let screen = MemoryScreen(rows: 24, columns: 80)
        ConsoleRenderer.render(runtime.model, on: screen)
        #expect(screen.text.contains("cannot read the results: not connected to Redis"))
    }

    @Test func enterOpensTheSelectedResultWithItsEquityCurve() {
        let library = FakeLibrary()
        library.results = ConsoleSamples.runs
        let runtime = runtime(library)
        runtime.handle(.character("6"))
        runtime.step()
        #expect(runtime.model.backtests.runs?.count == 3)
        runtime.handle(.enter)
        #expect(runtime.model.backtests.detail?.summary.id == "donchian")
        #expect(runtime.model.backtests.detail?.equity == [1, 2, 3])
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
