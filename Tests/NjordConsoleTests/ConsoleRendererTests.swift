import Foundation
import NjordConsole
import NjordCore
import Testing

/// Every screen drawn on the in-memory screen at 80×24 and 160×48, compared with the expected text
/// committed under Fixtures/ (regenerate with NJORD_UPDATE_GOLDEN=1 and review the diff).
@Suite struct ConsoleRendererTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let sizes = [(columns: 80, rows: 24), (columns: 160, rows: 48)]

    func render(_ model: ConsoleModel, columns: Int, rows: Int) -> MemoryScreen {
        let screen = MemoryScreen(rows: rows, columns: columns)
        ConsoleRenderer.render(model, on: screen)
        return screen
    }

    func expectMatchesFixture(_ screen: MemoryScreen, _ name: String) throws {
        let url = Self.fixtures.appendingPathComponent("\(name).txt")
        let actual = screen.text + "\n"
        if ProcessInfo.processInfo.environment["NJORD_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try #require(
            try? String(contentsOf: url, encoding: .utf8), "missing fixture \(name).txt; run with NJORD_UPDATE_GOLDEN=1"
        )
        #expect(actual == expected, "screen \(name) differs from its fixture:\n\(actual)")
    }

    @Test(arguments: ConsoleScreenID.allCases)
    func everyScreenMatchesItsFixtureAtBothSizes(_ id: ConsoleScreenID) throws {
        for size in Self.sizes {
            let screen = render(ConsoleSamples.busyModel(screen: id), columns: size.columns, rows: size.rows)
            #expect(screen.line(0).contains("\(id.rawValue) \(id.title)"))
            try expectMatchesFixture(screen, "\(id.rawValue)-\(id.title.lowercased())-\(size.columns)x\(size.rows)")
        }
    }

    @Test(arguments: ConsoleScreenID.allCases)
    func anEmptyModelSaysWhatItWaitsFor(_ id: ConsoleScreenID) throws {
        var model = ConsoleModel(identity: "console:ops@njord-1", now: ConsoleSamples.start)
        model.screen = id
        let screen = render(model, columns: 80, rows: 24)
        try expectMatchesFixture(screen, "empty-\(id.rawValue)-\(id.title.lowercased())-80x24")
        #expect(screen.line(1).contains("bus disconnected, retrying"))
    }

    @Test func aTrippedKillSwitchFillsTheRiskScreenAndTheBannerOfEveryScreen() throws {
        for id in ConsoleScreenID.allCases {
            let screen = render(ConsoleSamples.busyModel(screen: id, tripped: true), columns: 80, rows: 24)
            #expect(screen.line(1).contains("KILL SWITCH TRIPPED by cli:ops@njord-1 at 00:00:03 UTC: drawdown alarm"))
            #expect(screen.style(row: 1, column: 0).role == .tripped)
        }
        let risk = render(ConsoleSamples.busyModel(screen: .risk, tripped: true), columns: 80, rows: 24)
        try expectMatchesFixture(risk, "risk-tripped-80x24")
        #expect(risk.style(row: 3, column: 0).role == .tripped)
    }

    @Test func limitBarsAreColouredByHowCloseTheyAreToTheCap() throws {
        let screen = render(ConsoleSamples.busyModel(screen: .risk), columns: 80, rows: 24)
        func barRole(_ name: String) throws -> ColorRole {
            let row = try #require((0..<24).first { screen.line($0).hasPrefix(name) }, "no row \(name)")
            return screen.style(row: row, column: 35).role
        }
        #expect(try barRole("gross notional") == .ok)
        #expect(try barRole("position notional") == .warning)
        #expect(try barRole("daily loss") == .tripped)
        #expect(try barRole("emptiest strategy bucket") == .tripped)
    }

    @Test func aRunsDetailShowsMetricsBrailleChartsAndTheReportPath() throws {
        var model = ConsoleSamples.busyModel(screen: .backtests)
        let equity: [Double] = (0..<400).map { (i: Int) -> Double in
            let x = Double(i)
            let wave: Double = 5_000 * sin(x / 40)
            return 100_000 + wave + x * 20
        }
        model.backtests.detail = BacktestRunDetail(summary: ConsoleSamples.runs[0], equity: equity)
        for size in Self.sizes {
            let screen = render(model, columns: size.columns, rows: size.rows)
            try expectMatchesFixture(screen, "backtest-detail-\(size.columns)x\(size.rows)")
            #expect(screen.text.contains("report: box-2:/srv/njord/var/backtests/sma-fast/report.html"))
        }
    }

    @Test func theLaunchFormShowsEveryFieldWithTheFocusedOneHighlighted() throws {
        var model = ConsoleSamples.busyModel(screen: .backtests)
        var form = BacktestLaunchForm(strategies: ["sma_cross", "donchian"])
        form.source = "../shared/data/bars/ftx.csv"
        form.moveFocus(by: 2)
        form.problem = BacktestFormProblem.noSource.description
        model.backtests.form = form
        for size in Self.sizes {
            let screen = render(model, columns: size.columns, rows: size.rows)
            try expectMatchesFixture(screen, "backtest-form-\(size.columns)x\(size.rows)")
            let sourceRow = try #require(
                (0..<size.rows).first { screen.line($0).hasPrefix("bars file or venue:SYMBOL") })
            #expect(screen.style(row: sourceRow, column: 29).role == .selected)
        }
        form.toggleMode()
        form.params = "fast=5:20:5,slow=50"
        model.backtests.form = form
        let sweep = render(model, columns: 80, rows: 24)
        try expectMatchesFixture(sweep, "backtest-form-sweep-80x24")
        #expect(sweep.text.contains("grid (fast=5:20:5,slow=50)"))
    }

    @Test func bestBidAndAskAreHighlightedOnTheLadder() throws {
        let screen = render(ConsoleSamples.busyModel(screen: .book), columns: 80, rows: 24)
        let rows = (0..<24).map { screen.line($0) }
        let bestAsk = try #require(rows.firstIndex { $0.hasPrefix("         60001") })
        let bestBid = try #require(rows.firstIndex { $0.hasPrefix("         59999") })
        #expect(bestBid == bestAsk + 1)
        #expect(screen.style(row: bestAsk, column: 10) == CellStyle(.ask, bold: true, reverse: true))
        #expect(screen.style(row: bestBid, column: 10) == CellStyle(.bid, bold: true, reverse: true))
        #expect(screen.style(row: bestAsk - 1, column: 10).reverse == false)
    }

    @Test func belowEightyByTwentyFourTheScreenSaysWhatSizeItNeeds() throws {
        for (columns, rows) in [(79, 24), (80, 23), (40, 10)] {
            let screen = render(ConsoleSamples.busyModel(screen: .overview), columns: columns, rows: rows)
            #expect(screen.text.contains("terminal is \(columns)×\(rows)"))
            #expect(screen.text.contains("needs at least 80×24"))
            #expect(!screen.text.contains("NJORD"))
        }
    }

    @Test func helpIsWrittenFromTheBindingTable() throws {
        var model = ConsoleSamples.busyModel(screen: .overview)
        model.helpVisible = true
        let screen = render(model, columns: 80, rows: 24)
        try expectMatchesFixture(screen, "help-80x24")
        for binding in KeyBindings.table {
            if case .show = binding.action { continue }
            #expect(screen.text.contains(binding.help), "help lacks '\(binding.help)'")
        }
    }

    @Test func theTripDialogNamesWhoTripsAndHowToConfirm() throws {
        var model = ConsoleSamples.busyModel(screen: .book)
        model.dialog = .confirmTrip
        let screen = render(model, columns: 80, rows: 24)
        try expectMatchesFixture(screen, "dialog-trip-80x24")
        #expect(screen.text.contains("console:ops@njord-1"))
        #expect(screen.text.contains("y  trip it now"))
    }

    @Test func theFooterShowsTheCurrentScreensOwnKeysFirst() {
        let logs = render(ConsoleSamples.busyModel(screen: .logs), columns: 80, rows: 24).line(23)
        #expect(logs.hasPrefix(" l level"))
        let risk = render(ConsoleSamples.busyModel(screen: .risk), columns: 80, rows: 24).line(23)
        #expect(risk.hasPrefix(" R reset"))
        let overview = render(ConsoleSamples.busyModel(screen: .overview), columns: 80, rows: 24).line(23)
        #expect(!overview.contains("reset") && overview.contains("K kill") && overview.contains("q quit"))
    }

    @Test func wideCharactersTakeTwoCellsAndAreNeverCutInHalf() {
        let screen = MemoryScreen(rows: 1, columns: 6)
        screen.put("a株b株c", row: 0, column: 0, style: .normal)
        #expect(screen.line(0) == "a株b株")
        screen.clear()
        screen.put("é漢", row: 0, column: 4, style: .normal)
        #expect(screen.line(0) == "    é")
    }
}
