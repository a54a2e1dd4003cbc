import NjordTerminal

/// The frame around every screen: the tab bar (row 0), the banner row (kill switch tripped, bus
/// disconnected, else the bus summary) and the footer with the current screen's keys.
enum ChromeView {
    static func draw(_ model: ConsoleModel, on screen: any Screen) {
        drawTabs(model, screen)
        drawBanner(model, screen)
        drawFooter(model, screen)
    }

    static func drawTabs(_ model: ConsoleModel, _ screen: any Screen) {
        screen.put(String(repeating: " ", count: screen.columns), row: 0, column: 0, style: CellStyle(.header))
        screen.put(" NJORD ", row: 0, column: 0, style: CellStyle(.header, bold: true))
        var column = 7
        for id in ConsoleScreenID.allCases {
            // Fits 80 columns: 7 + 7 labels of "n Title " is 75 cells.
            let label = "\(id.rawValue) \(id.title) "
            screen.put(label, row: 0, column: column, style: CellStyle(id == model.screen ? .tab : .header))
            column += DisplayWidth.of(label)
        }
        let clock = "\(Formats.clock(model.now)) UTC "
        if column + clock.count < screen.columns {
            screen.put(clock, row: 0, column: screen.columns - clock.count, style: CellStyle(.header))
        }
    }

    static func drawBanner(_ model: ConsoleModel, _ screen: any Screen) {
        let busText =
            model.bus.connected
            ? nil
            : "bus disconnected, retrying: \(model.bus.problem ?? "no connection") (reconnects \(model.bus.reconnects))"
        let text: String
        let style: CellStyle
        if let state = model.killSwitch, state.tripped {
            let when = state.at.map { Formats.clock($0) + " UTC" } ?? "unknown time"
            text =
                " KILL SWITCH TRIPPED by \(state.by ?? "unknown") at \(when): \(state.reason ?? "")"
                + (busText.map { " · \($0)" } ?? "")
            style = CellStyle(.tripped, bold: true)
        } else if let busText {
            text = " ⚠ \(busText)"
            style = CellStyle(.warning)
        } else {
            var summary = " bus connected \(model.bus.address) · \(Formats.count(Int64(model.messages))) msgs"
            if model.malformed > 0 { summary += " · \(model.malformed) malformed" }
            if model.bus.dropped > 0 { summary += " · \(model.bus.dropped) dropped" }
            text = summary
            style = CellStyle(.muted)
        }
        screen.put(DisplayWidth.fit(text, to: screen.columns), row: 1, column: 0, style: style)
    }

    static func drawFooter(_ model: ConsoleModel, _ screen: any Screen) {
        let row = screen.rows - 1
        if model.editingFilter {
            let text = " filter: \(model.filter)▏  Enter keeps · Esc clears"
            screen.put(DisplayWidth.fit(text, to: screen.columns), row: row, column: 0, style: CellStyle(.selected))
            return
        }
        var parts = KeyBindings.footer(for: model.screen).map { binding in
            "\(binding.label) \(shortHelp(binding.action))"
        }
        if !model.filter.isEmpty { parts.insert("filter '\(model.filter)' (Esc clears)", at: 0) }
        let keys = " " + parts.joined(separator: "  ")
        screen.put(DisplayWidth.fit(keys, to: screen.columns), row: row, column: 0, style: CellStyle(.header))
        if let notice = model.notice {
            let width = min(DisplayWidth.of(notice) + 2, max(0, screen.columns - DisplayWidth.of(keys) - 1))
            if width > 8 {
                screen.put(
                    DisplayWidth.fit(" " + notice, to: width), row: row, column: screen.columns - width,
                    style: CellStyle(.warning))
            }
        }
    }

    static func shortHelp(_ action: ConsoleAction) -> String {
        switch action {
        case .moveDown: "move"
        case .startFilter: "filter"
        case .requestTrip: "kill"
        case .requestReset: "reset"
        case .toggleHelp: "help"
        case .quit: "quit"
        case .cycleLogLevel: "level"
        case .newBacktest: "launch"
        case .cycleSort: "sort"
        case .openSelected: "open"
        default: ""
        }
    }
}
