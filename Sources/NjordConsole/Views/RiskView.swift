import NjordCore
import NjordTerminal

/// Screen 4: the kill switch (a banner that fills the top when tripped: who, when, why), what is
/// not on the bus yet said plainly, and the recent denials with their reasons.
enum RiskView {
    static func draw(_ model: ConsoleModel, _ p: Painter) {
        var row = p.top
        if let state = model.killSwitch, state.tripped {
            let tripped = CellStyle(.tripped, bold: true)
            let lines = [
                "",
                "   ██  KILL SWITCH TRIPPED  ██   all order flow is stopped",
                "   by:   \(state.by ?? "unknown")",
                "   at:   \(state.at?.iso8601 ?? "unknown")",
                "   why:  \(state.reason ?? "")",
                "   R, then type RESET and Enter, resumes order flow (after review)",
                "",
            ]
            for line in lines {
                p.line(row, line, tripped)
                row += 1
            }
        } else if let state = model.killSwitch {
            p.text(row, 0, "Kill switch: ARMED — order flow allowed", CellStyle(.ok))
            if let at = state.at {
                p.text(
                    row + 1, 0, "last reset by \(state.by ?? "unknown") at \(at.iso8601): \(state.reason ?? "")",
                    CellStyle(.muted))
            } else {
                p.text(row + 1, 0, "never tripped", CellStyle(.muted))
            }
            p.text(row + 2, 0, "K trips it (y to confirm), from any screen", CellStyle(.muted))
            row += 4
        } else {
            p.text(row, 0, "Kill switch: state not read yet (\(Topics.killSwitchKey))", CellStyle(.warning))
            p.text(
                row + 1, 0, "K trips it all the same: the trip reaches the local file when Redis is away",
                CellStyle(.muted))
            row += 3
        }
        row = drawLevels(model, p, from: row)
        let denials = model.denials.elements.reversed().filter {
            model.matchesFilter("\($0.strategyId) \($0.clientOrderId) \($0.reasons)")
        }
        p.section(row, "Recent denials (\(denials.count), flow.decisions)")
        p.row(
            row + 1,
            [.left("TIME", 8), .left("STRATEGY", 12), .left("ORDER", 18), .left("REASONS", p.width - 41)].map(muted))
        row += 2
        if denials.isEmpty { p.text(row, 0, "no denials seen", CellStyle(.muted)) }
        for denial in denials.dropFirst(model.scroll[.risk] ?? 0) where row < p.bottom {
            p.row(
                row,
                [
                    .left(Formats.clock(denial.at), 8), .left(denial.strategyId, 12), .left(denial.clientOrderId, 18),
                    .left(denial.reasons, p.width - 41, CellStyle(.warning)),
                ])
            row += 1
        }
    }

    /// The limits as bars coloured by how close they are (ok below 80%, warning up to the cap,
    /// tripped at it), then the order-rate buckets' levels.
    private static func drawLevels(_ model: ConsoleModel, _ p: Painter, from start: Int) -> Int {
        var row = start
        p.section(row, "Limits (risk-engine heartbeat)")
        row += 1
        guard let levels = model.riskLevels else {
            p.text(row, 0, "no risk-engine heartbeat with limit levels yet", CellStyle(.muted))
            return row + 2
        }
        let barWidth = max(10, p.width - 66)
        for limit in levels.limits {
            let fraction = limit.fraction
            let role: ColorRole = fraction >= 1 ? .tripped : fraction >= warningFraction ? .warning : .ok
            p.row(
                row,
                [
                    .left(limit.name, 34), .left(Formats.bar(fraction, width: barWidth), barWidth, CellStyle(role)),
                    .right(String(format2: fraction * 100) + "%", 8, CellStyle(role)),
                    .left("\(Formats.fixed(limit.used, places: 2)) / \(Formats.fixed(limit.limit, places: 2))", 20),
                ])
            row += 1
        }
        for rate in levels.rates {
            let spent = rate.spent
            let role: ColorRole = rate.tokens <= 0 ? .tripped : spent >= warningFraction ? .warning : .ok
            p.row(
                row,
                [
                    .left(rate.name, 34), .left(Formats.bar(spent, width: barWidth), barWidth, CellStyle(role)),
                    .right(String(format2: spent * 100) + "%", 8, CellStyle(role)),
                    .left("\(rate.tokens) of \(rate.burst) tokens left", 20),
                ])
            row += 1
        }
        return row + 1
    }

    /// Use from which a bar turns to the warning colour.
    static let warningFraction = 0.8
}
