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
        p.section(row, "Limits")
        p.text(
            row + 1, 0, "limit utilization and rate-guard levels: not on the bus yet (risk daemon)",
            CellStyle(.muted))
        row += 3
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
}
