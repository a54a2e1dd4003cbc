import NjordCore
import NjordTerminal

/// Screen 7: the services' warnings and errors (`log.*`), the tail of their NDJSON log files on
/// this machine (every level they log) and order-flow events, newest first, filtered by minimum
/// level (`l`) and text (`/`, which also matches the service).
enum LogsView {
    static func draw(_ model: ConsoleModel, _ p: Painter) {
        let rows = model.logs.elements.reversed().filter {
            $0.level >= model.minimumLogLevel && model.matchesFilter("\($0.service) \($0.message)")
        }
        let level = model.minimumLogLevel == .flow ? "all" : "≥ \(model.minimumLogLevel.label)"
        let malformed = model.malformedLogLines > 0 ? " · \(model.malformedLogLines) malformed" : ""
        p.section(p.top, "Logs (\(rows.count)) · level \(level) (l) · log.*, log files, flow.*\(malformed)")
        p.row(
            p.top + 1,
            [.left("TIME", 8), .left("LEVEL", 5), .left("SERVICE", 14), .left("MESSAGE", p.width - 30)].map(muted))
        var row = p.top + 2
        if rows.isEmpty { p.text(row, 0, "nothing logged at this level", CellStyle(.muted)) }
        let offset = min(model.scroll[.logs] ?? 0, max(0, rows.count - 1))
        for entry in rows.dropFirst(offset) where row < p.bottom {
            let style: CellStyle =
                switch entry.level {
                case .flow: CellStyle(.accent)
                case .info: .normal
                case .warning: CellStyle(.warning)
                case .error, .critical: CellStyle(.down, bold: true)
                }
            p.row(
                row,
                [
                    .left(Formats.clock(entry.at), 8), .left(entry.level.label, 5, style), .left(entry.service, 14),
                    .left(entry.message, p.width - 30),
                ])
            row += 1
        }
    }
}
