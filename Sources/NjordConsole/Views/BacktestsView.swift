import NjordCore
import NjordTerminal

/// Screen 6, a placeholder this increment: the jobs seen on `bt.progress` with progress bars and
/// the entries of `njord:bt:results`. Launching from here comes later, and the screen says so.
enum BacktestsView {
    static func draw(_ model: ConsoleModel, _ p: Painter) {
        var row = p.top
        p.text(
            row, 0, "Launching backtests and sweeps from the console comes in a later increment;", CellStyle(.warning))
        p.text(
            row + 1, 0, "run `njord backtest …` meanwhile; jobs and results on the bus show here.", CellStyle(.muted))
        row += 3
        let jobs = model.backtestJobs.values.sorted {
            $0.updatedAt > $1.updatedAt || ($0.updatedAt == $1.updatedAt && $0.job < $1.job)
        }
        .filter { model.matchesFilter("\($0.job) \($0.detail)") }
        let jobRows = max(2, (p.bottom - row) / 2 - 2)
        p.section(row, "Jobs (\(jobs.count), \(Topics.backtestProgress))")
        let barWidth = max(10, p.width / 4)
        p.row(
            row + 1,
            [
                .left("JOB", 20), .left("STATUS", 10), .left("PROGRESS", barWidth), .right("%", 7),
                .left("DETAIL", p.width - barWidth - 41),
            ].map(muted))
        row += 2
        if jobs.isEmpty { p.text(row, 0, "no jobs seen", CellStyle(.muted)) }
        for job in jobs.prefix(jobRows) {
            p.row(
                row,
                [
                    .left(job.job, 20), .left(job.status, 10),
                    .left(Formats.bar(job.fraction ?? 0, width: barWidth), barWidth, CellStyle(.accent)),
                    .right(job.fraction.map { String(format2: $0 * 100) } ?? "—", 7),
                    .left(job.detail, p.width - barWidth - 41),
                ])
            row += 1
        }
        row = max(row + 1, p.top + 3 + 2 + jobRows + 1)
        p.section(row, "Results (\(Topics.backtestResultsIndexKey))")
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
        for result in results.filter({ model.matchesFilter($0.id) }).dropFirst(model.scroll[.backtests] ?? 0)
        where row < p.bottom {
            p.text(row, 0, DisplayWidth.fit(result.id, to: 24), CellStyle(.normal, bold: true))
            p.text(
                row, 25, result.fields.map { "\($0.0)=\($0.1)" }.joined(separator: "  "), .normal, width: p.width - 25)
            row += 1
        }
    }
}
