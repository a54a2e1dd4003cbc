import NjordConsole
import NjordCore
import Testing

/// The Overview's account line: PnL today from `pnl_today` when the publisher sends it.
@Suite struct OverviewPnlTodayTests {
    typealias S = ConsoleSamples

    func overview(_ pnl: PnlSnapshot, columns: Int) -> (ConsoleModel, MemoryScreen) {
        var model = ConsoleModel(identity: "console:t@h", now: S.start)
        ConsoleReducer.reduce(S.message(Topics.pnl(pnl.scope), .pnlSnapshot(pnl)), into: &model, at: S.start)
        let screen = MemoryScreen(rows: 24, columns: columns)
        ConsoleRenderer.render(model, on: screen)
        return (model, screen)
    }

    static func portfolio(today: Fixed?) -> PnlSnapshot {
        PnlSnapshot(
            scope: "portfolio", cash: S.f("9226.86"), equity: S.f("9999.83"), realizedPnl: S.f("-3.2175"),
            unrealizedPnl: S.f("0.095375"), fees: S.f("0.6183"), pnlToday: today)
    }

    @Test func todaysPnlIsKeptAndShownBeforeRealizedAndUnrealized() {
        for columns in [80, 160] {
            let (model, screen) = overview(Self.portfolio(today: S.f("-12.5")), columns: columns)
            #expect(model.pnl["portfolio"]?.pnlToday == S.f("-12.5"))
            let line = screen.text.split(separator: "\n").first { $0.contains("equity ") } ?? ""
            #expect(line.contains("today -12.50"), "\(screen.text)")
            let today = line.range(of: "today")?.lowerBound
            let realized = line.range(of: "realized")?.lowerBound
            #expect(today != nil && realized != nil && today! < realized!, "\(line)")
            #expect(line.contains("unrealized +0.10"), "\(line)")
        }
    }

    @Test func withoutPnlTodayTheAccountLineSaysNothingAboutToday() {
        let (_, screen) = overview(Self.portfolio(today: nil), columns: 80)
        #expect(!screen.text.contains("today"))
        #expect(screen.text.contains("realized -3.22"))
    }
}
