import NjordConsole
import NjordTerminal
import Testing

@Suite struct BacktestBrowserTests {
    typealias S = ConsoleSamples

    func order(_ key: String) -> [String] { BacktestBrowser.sorted(S.runs, by: key).map(\.id) }

    @Test func runsSortNewestFirstThenBestMetricFirstWithRunsLackingItLast() {
        #expect(order("finished") == ["donchian", "sma-fast", "sma-slow"])
        #expect(order("total_return") == ["sma-fast", "donchian", "sma-slow"])
        #expect(order("sharpe") == ["sma-slow", "sma-fast", "donchian"])
        // The shallowest drawdown is the best.
        #expect(order("max_drawdown") == ["sma-slow", "sma-fast", "donchian"])
    }

    @Test func sCyclesTheSortKeyAndEnterOpensTheSelectedRun() {
        var model = S.busyModel(screen: .backtests)
        #expect(InputHandler.handle(.character("s"), model: &model) == .redraw)
        #expect(model.backtests.sortKey == "total_return")
        _ = InputHandler.handle(.character("j"), model: &model)
        #expect(InputHandler.handle(.enter, model: &model) == .openRun("donchian"))
    }

    @Test func qAsksWhileLaunchedJobsRunAndSaysTheyKeepRunning() {
        var model = S.busyModel(screen: .backtests)
        #expect(!model.backtests.jobs[0].running)
        model.backtests.jobs[0].finished = 1
        #expect(InputHandler.handle(.character("q"), model: &model) == .redraw)
        #expect(model.dialog == .confirmQuit(running: 1))
        let screen = MemoryScreen(rows: 24, columns: 80)
        ConsoleRenderer.render(model, on: screen)
        #expect(screen.text.contains("They keep running either way"))
        #expect(InputHandler.handle(.character("n"), model: &model) == .redraw)
        #expect(model.dialog == nil)
        _ = InputHandler.handle(.character("q"), model: &model)
        #expect(InputHandler.handle(.character("y"), model: &model) == .quit)
        model.backtests.jobs[0].finished = 2
        #expect(InputHandler.handle(.character("q"), model: &model) == .quit)
    }

    @Test func theFormTakesKeysUntilEscAndEnterAsksToLaunch() {
        var model = S.busyModel(screen: .backtests)
        model.backtestStrategies = ["sma_cross"]
        _ = InputHandler.handle(.character("n"), model: &model)
        #expect(model.backtests.form?.strategy == "sma_cross")
        for key: TerminalKey in [.right, .tab, .tab, .character("q"), .character("1")] {
            _ = InputHandler.handle(key, model: &model)
        }
        #expect(model.backtests.form?.mode == .sweep)
        #expect(model.backtests.form?.source == "q1" && model.screen == .backtests)
        #expect(InputHandler.handle(.enter, model: &model) == .launchBacktest)
        _ = InputHandler.handle(.escape, model: &model)
        #expect(model.backtests.form == nil)
    }
}
