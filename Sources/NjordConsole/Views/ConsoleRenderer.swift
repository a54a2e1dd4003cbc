/// Draws a whole frame of the model onto a screen: the chrome (tabs, banner, footer), the current
/// screen's view, and any dialog or help on top. Reads the model, never changes it.
public enum ConsoleRenderer {
    public static let minimumRows = 24
    public static let minimumColumns = 80

    public static func render(_ model: ConsoleModel, on screen: any Screen) {
        screen.clear()
        guard screen.rows >= minimumRows, screen.columns >= minimumColumns else {
            drawTooSmall(screen)
            return
        }
        ChromeView.draw(model, on: screen)
        let body = Painter(screen: screen, top: 2, bottom: screen.rows - 1)
        switch model.screen {
        case .overview: OverviewView.draw(model, body)
        case .book: BookView.draw(model, body)
        case .positions: PositionsView.draw(model, body)
        case .risk: RiskView.draw(model, body)
        case .portfolio: PortfolioView.draw(model, body)
        case .backtests: BacktestsView.draw(model, body)
        case .logs: LogsView.draw(model, body)
        }
        if model.helpVisible { OverlayView.help(model, body) }
        if let dialog = model.dialog { OverlayView.dialog(dialog, model, body) }
    }

    static func drawTooSmall(_ screen: any Screen) {
        let lines = [
            "terminal is \(screen.columns)×\(screen.rows)",
            "njord console needs at least \(minimumColumns)×\(minimumRows)",
            "enlarge the window, or press q to quit",
        ]
        let top = max(0, screen.rows / 2 - 1)
        for (i, line) in lines.enumerated() {
            screen.put(
                line, row: top + i, column: max(0, (screen.columns - line.count) / 2), style: CellStyle(.warning))
        }
    }
}
