import NjordCore
import NjordTerminal

/// Screen 6: the launch form (`n`), the jobs launched from here and those seen on `bt.progress`,
/// the results browser over the local run folders (sorted by `s`, Enter opens a run's detail with
/// a braille equity and drawdown chart), and the entries of `njord:bt:results`.
enum BacktestsView {
    static func draw(_ model: ConsoleModel, _ p: Painter) {
        if let form = model.backtests.form { return drawForm(form, p) }
        if let detail = model.backtests.detail { return BacktestDetailView.draw(detail, p) }
        var row = drawJobs(model, p, from: p.top)
        row = drawRuns(model, p, from: row)
        drawIndex(model, p, from: row)
    }

    private static func drawForm(_ form: BacktestLaunchForm, _ p: Painter) {
        var row = p.top
        p.section(row, "Launch a backtest (runs detached: closing the console does not stop it)")
        row += 2
        for field in BacktestLaunchForm.Field.allCases {
            let focused = field == form.focus
            p.text(row, 0, DisplayWidth.fit(field.label, to: 28), CellStyle(focused ? .accent : .muted))
            var value = form.value(field)
            if field == .strategy { value = "◂ \(value) ▸" } else if focused { value += "▏" }
            p.text(row, 29, value, focused ? CellStyle(.selected) : .normal, width: p.width - 29)
            row += 1
        }
        row += 1
        if let problem = form.problem {
            p.text(row, 0, problem, CellStyle(.warning))
            row += 1
        }
        p.text(row, 0, "Tab/↑↓ field  ←→ strategy  Enter launch  Esc close", CellStyle(.muted))
        p.text(row + 1, 0, "a path (with / or .csv) is a bars file; anything else a store symbol", CellStyle(.muted))
    }

    private static func drawJobs(_ model: ConsoleModel, _ p: Painter, from start: Int) -> Int {
        var row = start
        let launched = model.backtests.jobs
        let progress = model.backtestJobs.values.sorted {
            $0.updatedAt > $1.updatedAt || ($0.updatedAt == $1.updatedAt && $0.job < $1.job)
        }
        .filter { model.matchesFilter("\($0.job) \($0.detail)") }
        p.section(row, "Jobs (\(model.backtests.runningJobs) running from here; \(Topics.backtestProgress))")
        row += 1
        if launched.isEmpty && progress.isEmpty {
            p.text(row, 0, "no jobs: n launches a backtest", CellStyle(.muted))
            return row + 2
        }
        let barWidth = max(10, p.width / 5)
        for job in launched.suffix(3).reversed() {
            p.row(
                row,
                [
                    .left(job.runId, 28),
                    .left(job.running ? "running" : "exited", 8, CellStyle(job.running ? .ok : .muted)),
                    .right("pid \(job.pid)", 10), .left(job.description, p.width - 49),
                ])
            row += 1
        }
        for job in progress.prefix(2) {
            p.row(
                row,
                [
                    .left(job.job, 28), .left(job.status, 8),
                    .left(Formats.bar(job.fraction ?? 0, width: barWidth), barWidth, CellStyle(.accent)),
                    .right(job.fraction.map { String(format2: $0 * 100) + "%" } ?? "—", 8),
                    .left(job.detail, max(0, p.width - barWidth - 48)),
                ])
            row += 1
        }
        return row + 1
    }

    private static func drawRuns(_ model: ConsoleModel, _ p: Painter, from start: Int) -> Int {
        var row = start
        let browser = model.backtests
        let runs = InputHandler.visibleRuns(model)
        p.section(row, "Results (\(runs.count) run folders, sorted by \(browser.sortKey): s)")
        row += 1
        guard browser.runs != nil else {
            p.text(row, 0, "run folders not read yet", CellStyle(.muted))
            return row + 2
        }
        if runs.isEmpty {
            p.text(row, 0, "no run folders", CellStyle(.muted))
            return row + 2
        }
        let paramsWidth = max(4, p.width - 75)
        p.row(
            row,
            [
                .left("RUN", 20), .left("STRATEGY", 10), .left("PARAMS", paramsWidth), .right("RETURN", 9),
                .right("SHARPE", 7), .right("MAX DD", 8), .right("TRADES", 6), .left("FINISHED", 8),
            ].map(muted))
        row += 1
        let room = max(3, p.bottom - row - 3)
        let first = max(0, min(browser.selected - room + 1, runs.count - room))
        for (index, run) in runs.enumerated().dropFirst(first).prefix(room) where row < p.bottom {
            let style = index == browser.selected ? CellStyle(.selected) : .normal
            let finished = run.finishedAt.split(separator: "T").last.map { String($0.prefix(8)) } ?? "running"
            p.row(
                row,
                [
                    .left(run.id, 20, style), .left(run.strategy, 10, style), .left(run.params, paramsWidth, style),
                    .right(Formats.percent(run.metrics["total_return"]), 9, style),
                    .right(Formats.metric(run.metrics["sharpe"]), 7, style),
                    .right(Formats.percent(run.metrics["max_drawdown"]), 8, style),
                    .right(Formats.metric(run.metrics["trades"]), 6, style),
                    .left(run.finishedAt.isEmpty ? "running" : finished, 8, style),
                ])
            row += 1
        }
        return row + 1
    }

    private static func drawIndex(_ model: ConsoleModel, _ p: Painter, from start: Int) {
        var row = start
        guard row < p.bottom else { return }
        p.section(row, "Results index (\(Topics.backtestResultsIndexKey))")
        row += 1
        if let problem = model.backtestResultsProblem {
            p.text(row, 0, problem, CellStyle(.warning))
            return
        }
        guard let results = model.backtestResults else {
            p.text(row, 0, "not read yet", CellStyle(.muted))
            return
        }
        if results.isEmpty { p.text(row, 0, "no results index in Redis yet", CellStyle(.muted)) }
        for result in results.filter({ model.matchesFilter($0.id) }) where row < p.bottom {
            p.text(row, 0, DisplayWidth.fit(result.id, to: 24), CellStyle(.normal, bold: true))
            p.text(
                row, 25, result.fields.map { "\($0.0)=\($0.1)" }.joined(separator: "  "), .normal, width: p.width - 25)
            row += 1
        }
    }
}
