/// What a key asks for; the binding table maps keys to these, ``InputHandler`` carries them out.
public enum ConsoleAction: Hashable, Sendable {
    case show(ConsoleScreenID)
    case nextScreen
    case previousScreen
    case moveUp
    case moveDown
    case pageUp
    case pageDown
    case startFilter
    case clearFilter
    case cycleLogLevel
    case requestTrip
    case requestReset
    case toggleHelp
    /// Backtests: open the launch form.
    case newBacktest
    /// Backtests: sort the results by the next key.
    case cycleSort
    /// Backtests: open the selected run's detail view.
    case openSelected
    case quit
}
