public import NjordTerminal

/// One row of the binding table: the keys, what they do, where, and the text `?` shows.
public struct KeyBinding: Hashable, Sendable {
    public var keys: [TerminalKey]
    /// How the footer and help write the keys, e.g. `j/k ↑↓`.
    public var label: String
    public var action: ConsoleAction
    /// The screens where it applies; empty: everywhere.
    public var screens: Set<ConsoleScreenID>
    public var help: String

    public init(
        _ keys: [TerminalKey], _ label: String, _ action: ConsoleAction, on screens: Set<ConsoleScreenID> = [],
        _ help: String
    ) {
        self.keys = keys
        self.label = label
        self.action = action
        self.screens = screens
        self.help = help
    }

    public func applies(on screen: ConsoleScreenID) -> Bool { screens.isEmpty || screens.contains(screen) }
}

/// The console's one table of key bindings: keys are looked up here, the footer and the `?` help
/// are written from here, so what is shown is what works.
public enum KeyBindings {
    public static let table: [KeyBinding] = {
        var rows = ConsoleScreenID.allCases.map { screen in
            KeyBinding(
                [.character(Character(String(screen.rawValue)))], "\(screen.rawValue)", .show(screen),
                "show \(screen.title)")
        }
        rows += [
            KeyBinding([.tab], "Tab", .nextScreen, "next screen"),
            KeyBinding([.backTab], "S-Tab", .previousScreen, "previous screen"),
            KeyBinding([.character("j"), .down], "j/↓", .moveDown, "move down (next symbol on Book)"),
            KeyBinding([.character("k"), .up], "k/↑", .moveUp, "move up (previous symbol on Book)"),
            KeyBinding([.pageDown, .character(" ")], "PgDn", .pageDown, "page down"),
            KeyBinding([.pageUp], "PgUp", .pageUp, "page up"),
            KeyBinding([.character("/")], "/", .startFilter, "filter symbols or rows (Enter keeps, Esc clears)"),
            KeyBinding([.escape], "Esc", .clearFilter, "clear the filter"),
            KeyBinding(
                [.character("l")], "l", .cycleLogLevel, on: [.logs], "cycle the minimum level: all, info, warn, error"),
            KeyBinding([.character("K")], "K", .requestTrip, "trip the kill switch (asks y to confirm)"),
            KeyBinding([.character("R")], "R", .requestReset, on: [.risk], "reset the kill switch (type RESET)"),
            KeyBinding([.character("n")], "n", .newBacktest, on: [.backtests], "launch a backtest or a sweep (form)"),
            KeyBinding([.character("s")], "s", .cycleSort, on: [.backtests], "sort results by the next metric"),
            KeyBinding([.enter], "Enter", .openSelected, on: [.backtests], "open the selected result (Esc closes)"),
            KeyBinding([.character("?")], "?", .toggleHelp, "show or hide this help"),
            KeyBinding([.character("q")], "q", .quit, "quit (asks while jobs launched here still run)"),
        ]
        return rows
    }()

    /// The action of `key` on `screen`, if any.
    public static func action(for key: TerminalKey, on screen: ConsoleScreenID) -> ConsoleAction? {
        table.first { $0.applies(on: screen) && $0.keys.contains(key) }?.action
    }

    /// The bindings the footer of `screen` shows: the screen's own first, then the common ones.
    public static func footer(for screen: ConsoleScreenID) -> [KeyBinding] {
        let own = table.filter { !$0.screens.isEmpty && $0.screens.contains(screen) }
        let common = table.filter {
            $0.screens.isEmpty && [.moveDown, .startFilter, .requestTrip, .toggleHelp, .quit].contains($0.action)
        }
        return own + common
    }
}
