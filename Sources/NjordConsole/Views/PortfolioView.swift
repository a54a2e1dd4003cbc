import NjordCore
import NjordTerminal

/// Screen 5: target versus actual allocation per strategy as bars (actual: the strategy's equity
/// over the portfolio's, from `pnl.*`), and rebalances as they happen. Says plainly when no
/// portfolio manager publishes.
enum PortfolioView {
    static func draw(_ model: ConsoleModel, _ p: Painter) {
        guard let allocation = model.allocation else {
            p.text(p.top + 1, 2, "no portfolio manager running", CellStyle(.warning, bold: true))
            p.text(
                p.top + 2, 2,
                "(no \(Topics.allocation) event seen yet; targets and rebalances show here when one arrives)",
                CellStyle(.muted))
            return
        }
        var row = p.top
        let since = model.allocationAt.map { " · updated \(Formats.clock($0))" } ?? ""
        p.section(row, "Allocation: target vs actual\(since)")
        row += 1
        let total = model.pnl[PnlSnapshot.portfolioScope]?.equity
        let barWidth = max(10, p.width - 14 - 7 - 9 - 3)
        let targets = allocation.targets.filter { model.matchesFilter($0.strategyId) }
        let rebalanceRows = max(3, p.height / 3)
        for target in targets where row + 1 < p.bottom - rebalanceRows {
            let weight = target.weight.doubleValue
            p.row(
                row,
                [
                    .left(target.strategyId, 14, CellStyle(.normal, bold: true)), .left("target", 7, CellStyle(.muted)),
                    .right(String(format2: weight * 100) + "%", 8),
                    .left(Formats.bar(weight, width: barWidth), barWidth, CellStyle(.accent)),
                ])
            var actual: Double?
            if let total, !total.isZero, let equity = model.pnl[target.strategyId]?.equity {
                actual = equity.doubleValue / total.doubleValue
            }
            p.row(
                row + 1,
                [
                    .left("", 14), .left("actual", 7, CellStyle(.muted)),
                    .right(actual.map { String(format2: $0 * 100) + "%" } ?? "—", 8),
                    .left(
                        actual.map { Formats.bar($0, width: barWidth) } ?? "no pnl.\(target.strategyId) yet", barWidth,
                        actual == nil ? CellStyle(.muted) : CellStyle(.up)),
                ])
            row += 2
        }
        row = max(row, p.bottom - rebalanceRows - 2)
        p.section(row, "Rebalances")
        p.row(
            row + 1,
            [
                .left("TIME", 8), .left("STRATEGY", 14), .right("FROM", 8), .right("TO", 8), .right("NOTIONAL", 14),
                .left("REASON", p.width - 56),
            ].map(muted))
        row += 2
        if model.rebalances.isEmpty { p.text(row, 0, "no rebalances yet (\(Topics.rebalances))", CellStyle(.muted)) }
        for entry in model.rebalances.elements.reversed() where row < p.bottom {
            let e = entry.event
            p.row(
                row,
                [
                    .left(Formats.clock(entry.at), 8), .left(e.strategyId, 14), .right(e.fromWeight.description, 8),
                    .right(e.toWeight.description, 8), .right(Formats.fixed(e.notional, places: 2), 14),
                    .left(e.reason, p.width - 56),
                ])
            row += 1
        }
    }
}
