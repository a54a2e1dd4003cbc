import NjordTerminal

/// One result opened from the results browser: its metrics, a braille chart of its equity and one
/// of its drawdown (the index's downsampled curve fitted to the width), and where its HTML report
/// is (`host:/path/report.html`).
enum BacktestDetailView {
    static let metricOrder = [
        "total_return", "cagr", "sharpe", "sortino", "max_drawdown", "max_drawdown_days", "calmar", "volatility",
        "trades", "win_rate", "profit_factor", "avg_win", "avg_loss", "exposure", "turnover",
    ]

    static func draw(_ detail: BacktestRunDetail, _ p: Painter) {
        let run = detail.summary
        var row = p.top
        p.section(row, "Job \(run.id) — \(run.strategy) \(run.params)  (Esc closes)")
        p.text(
            row + 1, 0,
            "sweep \(run.sweepId)   host \(run.host)   finished \(run.finishedAt.isEmpty ? "—" : run.finishedAt)",
            .normal, width: p.width)
        row += 2
        if let error = run.error {
            p.text(row, 0, "failed: \(error)", CellStyle(.warning), width: p.width)
            row += 1
        }
        let keys =
            metricOrder.filter { run.metrics[$0] != nil }
            + run.metrics.keys.sorted().filter {
                !metricOrder.contains($0)
            }
        let columnWidth = 26
        let perRow = max(1, p.width / columnWidth)
        for (i, key) in keys.enumerated() {
            let value = run.metrics[key]
            let text =
                key.contains("return") || key == "max_drawdown" || key == "cagr" || key == "win_rate"
                ? Formats.percent(value) : Formats.metric(value)
            p.text(
                row + i / perRow, (i % perRow) * columnWidth,
                DisplayWidth.fit(key == "max_drawdown_days" ? "max_dd_days" : key, to: 16), CellStyle(.muted))
            p.text(row + i / perRow, (i % perRow) * columnWidth + 16, DisplayWidth.fit(text, to: 9, alignRight: true))
        }
        row += (keys.count + perRow - 1) / perRow
        let room = max(2, p.bottom - row - 3)
        let equityRows = max(1, room * 2 / 3), drawdownRows = max(1, room - equityRows)
        let chartWidth = p.width - 12
        let equity = BrailleChart.resample(detail.equity, to: chartWidth * 2)
        let low = detail.equity.min() ?? 0, high = detail.equity.max() ?? 0
        p.section(row, "Equity \(Formats.metric(detail.equity.first)) → \(Formats.metric(detail.equity.last))")
        row += 1
        for (i, line) in BrailleChart.render(equity, width: chartWidth, height: equityRows).enumerated() {
            let label = i == 0 ? Formats.metric(high) : i == equityRows - 1 ? Formats.metric(low) : ""
            p.text(row, 0, DisplayWidth.fit(label, to: 11, alignRight: true), CellStyle(.muted))
            p.text(row, 12, line, CellStyle(.up))
            row += 1
        }
        let drawdown = BrailleChart.drawdown(equity)
        let deepest = BrailleChart.drawdown(detail.equity).min() ?? 0
        p.section(row, "Drawdown (deepest \(Formats.percent(deepest)))")
        row += 1
        let ddLines = BrailleChart.render(
            drawdown, width: chartWidth, height: drawdownRows, range: min(deepest, -1e-12)...0)
        for (i, line) in ddLines.enumerated() {
            let label = i == 0 ? "0%" : i == drawdownRows - 1 ? Formats.percent(deepest) : ""
            p.text(row, 0, DisplayWidth.fit(label, to: 11, alignRight: true), CellStyle(.muted))
            p.text(row, 12, line, CellStyle(.down))
            row += 1
        }
        p.text(row, 0, "report: \(run.reportLocation)", CellStyle(.accent), width: p.width)
    }
}
