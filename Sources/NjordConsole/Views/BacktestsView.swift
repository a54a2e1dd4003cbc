import NjordCore
import NjordTerminal

/// Screen 6: the launch form (`n`: a backtest or a sweep, run by detached `njord-worker`s), the
/// jobs (launched here, and every job seen on `bt.progress` or in the running-jobs hash) with
/// progress bars, and the results browser over the results index in Redis (sorted by `s`; Enter
/// opens a result's detail with a braille equity and drawdown chart).
enum BacktestsView {
    static func draw(_ model: ConsoleModel, _ p: Painter) {
        if let form = model.backtests.form { return drawForm(form, p) }
        if let detail = model.backtests.detail { return BacktestDetailView.draw(detail, p) }
        let row = drawJobs(model, p, from: p.top)
        drawResults(model, p, from: row)
    }

    private static func drawForm(_ form: BacktestLaunchForm, _ p: Painter) {
        var row = p.top
        p.section(row, "Launch a \(form.mode.rawValue) (a detached njord-worker runs it)")
        row += 2
        for field in BacktestLaunchForm.Field.allCases {
            let focused = field == form.focus
            p.text(row, 0, DisplayWidth.fit(field.label(for: form.mode), to: 28), CellStyle(focused ? .accent : .muted))
            var value = form.value(field)
            if field == .strategy || field == .mode { value = "◂ \(value) ▸" } else if focused { value += "▏" }
            p.text(row, 29, value, focused ? CellStyle(.selected) : .normal, width: p.width - 29)
            row += 1
        }
        row += 1
        if let problem = form.problem {
            p.text(row, 0, problem, CellStyle(.warning), width: p.width)
            row += 1
        }
        p.text(row, 0, "Tab/↑↓ field  ←→ mode, strategy  Enter queue  Esc close", CellStyle(.muted))
        p.text(row + 1, 0, "a path (with / or .csv) is a bars file; anything else venue:SYMBOL", CellStyle(.muted))
        p.text(row + 2, 0, "a sweep's grid: name=start:stop:step or name=value, comma-separated", CellStyle(.muted))
    }

    private static func drawJobs(_ model: ConsoleModel, _ p: Painter, from start: Int) -> Int {
        var row = start
        let browser = model.backtests
        let launched = browser.jobs
        let progress = model.backtestJobs.values.sorted {
            ($0.status == "running" ? 0 : 1, $1.updatedAt, $0.job) < (
                $1.status == "running" ? 0 : 1, $0.updatedAt, $1.job
            )
        }
        .filter { model.matchesFilter("\($0.job) \($0.detail)") }
        let workers =
            switch browser.workerAlive {
            case true?: "a worker is alive"
            case false?: "no worker alive"
            case nil: "workers unknown"
            }
        p.section(row, "Jobs (\(browser.runningJobs) launched here running; \(workers); \(Topics.backtestProgress))")
        row += 1
        if launched.isEmpty && progress.isEmpty {
            p.text(row, 0, "no jobs: n queues a backtest or a sweep", CellStyle(.muted))
            return row + 2
        }
        let room = max(3, p.height / 3)
        let end = row + room
        let barWidth = max(10, p.width / 5)
        let textWidth = max(0, p.width - barWidth - 48)
        for job in launched.suffix(2).reversed() {
            let total = max(1, job.jobIds.count)
            p.row(
                row,
                [
                    .left(job.id, 28), .left(job.running ? "queued" : "done", 8, CellStyle(job.running ? .ok : .muted)),
                    .left(
                        Formats.bar(Double(job.finished) / Double(total), width: barWidth), barWidth, CellStyle(.accent)
                    ),
                    .right("\(job.finished)/\(job.jobIds.count)", 8),
                    .left(job.workerPid.map { "\(job.description) (worker pid \($0))" } ?? job.description, textWidth),
                ])
            row += 1
        }
        for job in progress where row < end {
            p.row(
                row,
                [
                    .left(job.job, 28), .left(job.status, 8),
                    .left(Formats.bar(job.fraction ?? 0, width: barWidth), barWidth, CellStyle(.accent)),
                    .right(job.fraction.map { String(format2: $0 * 100) + "%" } ?? "—", 8),
                    .left(job.detail, textWidth),
                ])
            row += 1
        }
        return row + 1
    }

    private static func drawResults(_ model: ConsoleModel, _ p: Painter, from start: Int) {
        var row = start
        let browser = model.backtests
        let runs = InputHandler.visibleRuns(model)
        let bad = browser.undecodable > 0 ? ", \(browser.undecodable) undecodable" : ""
        p.section(
            row,
            "Results (\(runs.count) in \(Topics.backtestResultsIndexKey)\(bad), sorted by \(browser.sortKey): s)")
        row += 1
        if let problem = browser.problem {
            p.text(row, 0, "cannot read the results: \(problem)", CellStyle(.warning), width: p.width)
            row += 1
        }
        guard browser.runs != nil else {
            p.text(row, 0, "results not read yet", CellStyle(.muted))
            return
        }
        if runs.isEmpty {
            p.text(row, 0, "no results yet", CellStyle(.muted))
            return
        }
        let paramsWidth = max(4, p.width - 69)
        p.row(
            row,
            [
                .left("JOB", 18), .left("STRATEGY", 9), .left("PARAMS", paramsWidth), .right("RETURN", 8),
                .right("SHARPE", 6), .right("MAX DD", 7), .right("TRADES", 6), .left("FINISHED", 8),
            ].map(muted))
        row += 1
        let room = max(3, p.bottom - row)
        let first = max(0, min(browser.selected - room + 1, runs.count - room))
        for (index, run) in runs.enumerated().dropFirst(first).prefix(room) where row < p.bottom {
            let style = index == browser.selected ? CellStyle(.selected) : .normal
            let finished = run.finishedAt.split(separator: "T").last.map { String($0.prefix(8)) } ?? "—"
            p.row(
                row,
                [
                    .left(tail(run.id, 18), 18, style), .left(run.strategy, 9, style),
                    .left(run.params, paramsWidth, style),
                    .right(Formats.percent(run.metrics["total_return"]), 8, style),
                    .right(Formats.metric(run.metrics["sharpe"]), 6, style),
                    .right(Formats.percent(run.metrics["max_drawdown"]), 7, style),
                    .right(Formats.metric(run.metrics["trades"]), 6, style),
                    .left(run.error == nil ? finished : "failed", 8, run.error == nil ? style : CellStyle(.warning)),
                ])
            row += 1
        }
    }

    /// The end of a long id (`…4242-1-0003`): a sweep's jobs differ in their last characters.
    static func tail(_ text: String, _ width: Int) -> String {
        guard text.count > width, width > 1 else { return text }
        return "…" + text.suffix(width - 1)
    }
}
