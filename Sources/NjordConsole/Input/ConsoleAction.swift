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
    case quit
}
