import NjordTerminal

/// What is drawn on top of a screen: the key help (`?`, written from the binding table) and the
/// kill-switch dialogs.
enum OverlayView {
    static func help(_ model: ConsoleModel, _ p: Painter) {
        var lines = ["1-7    show that screen (the numbers of the tab bar)"]
        for binding in KeyBindings.table {
            if case .show = binding.action { continue }
            let scope =
                binding.screens.isEmpty
                ? ""
                : " [" + binding.screens.sorted { $0.rawValue < $1.rawValue }.map(\.title).joined(separator: ",") + "]"
            lines.append(DisplayWidth.fit(binding.label, to: 6) + " " + binding.help + scope)
        }
        box(title: "Keys (? or any key closes)", lines: lines, p, style: .normal)
    }

    static func dialog(_ dialog: ConsoleDialog, _ model: ConsoleModel, _ p: Painter) {
        switch dialog {
        case .confirmTrip:
            box(
                title: "Trip the kill switch?",
                lines: [
                    "All order flow stops until someone resets it.",
                    "It is recorded as \(model.identity).",
                    "",
                    "y  trip it now        any other key  cancel",
                ], p, style: CellStyle(.tripped, bold: true))
        case .confirmReset(let typed):
            box(
                title: "Reset the kill switch",
                lines: [
                    "Order flow resumes. Type RESET and press Enter;",
                    "Esc cancels.",
                    "",
                    "> \(typed)▏",
                ], p, style: CellStyle(.warning))
        case .confirmQuit(let running):
            box(
                title: "Quit the console?",
                lines: [
                    "\(running) backtest\(running == 1 ? "" : "s") launched from here still run\(running == 1 ? "s" : "").",
                    "They keep running either way; reopen the console to see them.",
                    "",
                    "y  quit now        any other key  stay",
                ], p, style: CellStyle(.warning))
        }
    }

    static func box(title: String, lines: [String], _ p: Painter, style: CellStyle) {
        let inner = min(p.width - 6, max(DisplayWidth.of(title) + 4, lines.map { DisplayWidth.of($0) }.max() ?? 0) + 2)
        let height = min(p.height, lines.count + 2)
        let top = p.top + max(0, (p.height - height) / 2)
        let left = max(0, (p.width - inner - 2) / 2)
        let border = CellStyle(style.role, bold: true)
        let head = "┌─ \(title) " + String(repeating: "─", count: max(0, inner - DisplayWidth.of(title) - 3)) + "┐"
        p.text(top, left, head, border)
        for (i, line) in lines.prefix(height - 2).enumerated() {
            p.text(top + 1 + i, left, "│", border)
            p.text(top + 1 + i, left + 1, DisplayWidth.fit(" " + line, to: inner), style)
            p.text(top + 1 + i, left + inner + 1, "│", border)
        }
        p.text(top + height - 1, left, "└" + String(repeating: "─", count: inner) + "┘", border)
    }
}
