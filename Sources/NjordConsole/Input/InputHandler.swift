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
        case .confirmQuit:
            model.dialog = nil
            if key == .character("y") { return .quit }
            model.notice = "quit cancelled"
            return .redraw
        case nil: break
        }
        if model.screen == .backtests, model.backtests.form != nil { return formKey(key, &model) }
        if model.screen == .backtests, model.backtests.detail != nil, !model.editingFilter,
            key == .escape || key == .enter
        {
            model.backtests.detail = nil
            return .redraw
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
        case .quit:
            let running = model.backtests.runningJobs
            guard running > 0 else { return .quit }
            model.dialog = .confirmQuit(running: running)
        case .newBacktest:
            model.backtests.detail = nil
            model.backtests.form = BacktestLaunchForm(strategies: model.backtestStrategies)
        case .cycleSort: model.backtests.cycleSort()
        case .openSelected:
            let runs = visibleRuns(model)
            guard runs.indices.contains(model.backtests.selected) else { return .none }
            return .openRun(runs[model.backtests.selected].id)
        }
        return .redraw
    }

    /// The results the browser lists, in its order.
    static func visibleRuns(_ model: ConsoleModel) -> [BacktestRunSummary] {
        BacktestBrowser.sorted(model.backtests.runs ?? [], by: model.backtests.sortKey).filter {
            model.matchesFilter("\($0.id) \($0.strategy) \($0.params) \($0.host)")
        }
    }

    /// Keys while the launch form is open: Tab/↑↓ move between fields, ←/→ (or space) switch the
    /// mode and pick the strategy, Enter launches, Esc closes.
    private static func formKey(_ key: TerminalKey, _ model: inout ConsoleModel) -> ConsoleReaction {
        guard var form = model.backtests.form else { return .none }
        switch key {
        case .escape:
            model.backtests.form = nil
            return .redraw
        case .enter: return .launchBacktest
        case .tab, .down: form.moveFocus(by: 1)
        case .backTab, .up: form.moveFocus(by: -1)
        case .left: form.cycle(by: -1)
        case .right: form.cycle(by: 1)
        case .backspace: form.deleteBackward()
        case .character(let c): form.type(c)
        default: return .none
        }
        model.backtests.form = form
        return .redraw
    }

    private static func move(_ model: inout ConsoleModel, by step: Int) {
        switch model.screen {
        case .overview, .book:
            let count = model.visibleSymbols.count
            model.selectedSymbol = max(0, min(max(0, count - 1), model.selectedSymbol + step))
        case .backtests:
            let count = visibleRuns(model).count
            model.backtests.selected = max(0, min(max(0, count - 1), model.backtests.selected + step))
        default:
            model.scroll[model.screen] = max(0, (model.scroll[model.screen] ?? 0) + step)
        }
    }
}
