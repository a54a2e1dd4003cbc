public import NjordTerminal

/// Turns a key into a change of the model and a ``ConsoleReaction``. An open dialog takes every
/// key first, then the filter being typed, then the binding table.
public enum InputHandler {
    public static let resetWord = "RESET"

    public static func handle(_ key: TerminalKey, model: inout ConsoleModel) -> ConsoleReaction {
        if key == .resize {
            model.touch()
            return .redraw
        }
        let reaction = dispatch(key, &model)
        if reaction != .none { model.touch() }
        return reaction
    }

    private static func dispatch(_ key: TerminalKey, _ model: inout ConsoleModel) -> ConsoleReaction {
        switch model.dialog {
        case .confirmTrip:
            model.dialog = nil
            if key == .character("y") { return .tripKillSwitch }
            model.notice = "kill switch trip cancelled"
            return .redraw
        case .confirmReset(let typed):
            switch key {
            case .enter:
                model.dialog = nil
                if typed == resetWord { return .resetKillSwitch }
                model.notice = "reset cancelled: '\(typed)' is not \(resetWord)"
            case .escape:
                model.dialog = nil
                model.notice = "reset cancelled"
            case .backspace: model.dialog = .confirmReset(typed: String(typed.dropLast()))
            case .character(let c) where typed.count < 16: model.dialog = .confirmReset(typed: typed + String(c))
            default: break
            }
            return .redraw
        case nil: break
        }
        if model.editingFilter {
            switch key {
            case .enter: model.editingFilter = false
            case .escape:
                model.editingFilter = false
                model.filter = ""
            case .backspace: model.filter = String(model.filter.dropLast())
            case .character(let c) where model.filter.count < 40: model.filter.append(c)
            default: return .none
            }
            model.selectedSymbol = 0
            model.scroll = [:]
            return .redraw
        }
        if model.helpVisible, key != .character("?"), key != .character("q") {
            model.helpVisible = false
            return .redraw
        }
        guard let action = KeyBindings.action(for: key, on: model.screen) else { return .none }
        return perform(action, &model)
    }

    private static func perform(_ action: ConsoleAction, _ model: inout ConsoleModel) -> ConsoleReaction {
        switch action {
        case .show(let screen): model.screen = screen
        case .nextScreen: model.screen = model.screen.next
        case .previousScreen: model.screen = model.screen.previous
        case .moveDown: move(&model, by: 1)
        case .moveUp: move(&model, by: -1)
        case .pageDown: move(&model, by: 10)
        case .pageUp: move(&model, by: -10)
        case .startFilter:
            model.editingFilter = true
        case .clearFilter:
            guard !model.filter.isEmpty || model.notice != nil else { return .none }
            model.filter = ""
            model.notice = nil
        case .cycleLogLevel:
            let levels: [LogLevel] = [.flow, .info, .warning, .error]
            let index = levels.firstIndex(of: model.minimumLogLevel) ?? 0
            model.minimumLogLevel = levels[(index + 1) % levels.count]
        case .requestTrip:
            model.dialog = .confirmTrip
        case .requestReset:
            guard model.isTripped else {
                model.notice = "the kill switch is not tripped; nothing to reset"
                return .redraw
            }
            model.dialog = .confirmReset(typed: "")
        case .toggleHelp: model.helpVisible.toggle()
        case .quit: return .quit
        }
        return .redraw
    }

    private static func move(_ model: inout ConsoleModel, by step: Int) {
        switch model.screen {
        case .overview, .book:
            let count = model.visibleSymbols.count
            model.selectedSymbol = max(0, min(max(0, count - 1), model.selectedSymbol + step))
        default:
            model.scroll[model.screen] = max(0, (model.scroll[model.screen] ?? 0) + step)
        }
    }
}
