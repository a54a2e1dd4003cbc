import CNcursesw

#if canImport(Glibc)
    import Glibc
#endif

/// The one owner of ncurses: starts and restores the terminal and draws text cells.
/// Not thread-safe (curses is not): use it from the console's UI loop only.
public final class CursesTerminal {
    private let window: UnsafeMutablePointer<WINDOW>
    private var active = true

    /// Puts the terminal in the console's mode: UTF-8 locale, no echo, raw keys, hidden cursor.
    /// Fails with a clear error when standard input is not a terminal or the locale is not UTF-8.
    public init() throws(TerminalError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(Int32(CODESET)))
        guard codeset.uppercased().filter({ $0 != "-" }) == "UTF8" else {
            throw .localeNotUTF8(codeset)
        }
        // ncurses draws ACS line characters as UTF-8 itself under a UTF-8 locale; without this,
        // some terminals (screen, the Linux console) render them as letters.
        setenv("NCURSES_NO_UTF8_ACS", "1", 0)
        guard let window = initscr() else { throw .initializationFailed("initscr") }
        self.window = window
        try Self.check(cbreak(), "cbreak")
        try Self.check(noecho(), "noecho")
        try Self.check(keypad(window, true), "keypad")
        _ = curs_set(0)  // not every terminal can hide the cursor; that is not an error
        if has_colors() {
            try Self.check(start_color(), "start_color")
            _ = use_default_colors()
        }
    }

    deinit { restore() }

    /// Leaves curses mode; safe to call more than once (normal exit, signal handlers, crashes).
    public func restore() {
        guard active else { return }
        active = false
        endwin()
    }

    /// The terminal's size in cells.
    public var size: (rows: Int, columns: Int) {
        (Int(njord_getmaxy(window)), Int(njord_getmaxx(window)))
    }

    /// Writes text at a cell, clipped to the screen.
    public func put(_ text: String, row: Int, column: Int, bold: Bool = false, reverse: Bool = false) {
        var attributes: Int32 = 0
        if bold { attributes |= njord_a_bold() }
        if reverse { attributes |= njord_a_reverse() }
        if attributes != 0 { wattron(window, attributes) }
        _ = mvwaddstr(window, Int32(row), Int32(column), text)
        if attributes != 0 { wattroff(window, attributes) }
    }

    public func clear() { werase(window) }

    /// Pushes what was drawn to the terminal.
    public func refresh() throws(TerminalError) { try Self.check(wrefresh(window), "wrefresh") }

    /// The next key, waiting at most `timeoutMilliseconds` (nil when none arrived).
    public func readKey(timeoutMilliseconds: Int32) -> Int32? {
        wtimeout(window, timeoutMilliseconds)
        let key = wgetch(window)
        return key == ERR ? nil : key
    }

    private static func check(_ code: Int32, _ call: String) throws(TerminalError) {
        if code == ERR { throw .callFailed(call) }
    }
}

/// Why the terminal could not be used.
public enum TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Standard input or output is not a terminal (run it in a terminal or over `ssh -t`).
    case notATerminal
    /// The locale's character set is not UTF-8; the console needs it to draw lines and charts.
    case localeNotUTF8(String)
    /// curses could not start.
    case initializationFailed(String)
    /// A curses call returned ERR; the call is named.
    case callFailed(String)

    public var description: String {
        switch self {
        case .notATerminal: "standard input/output is not a terminal"
        case .localeNotUTF8(let codeset):
            "the locale's character set is \(codeset), not UTF-8: set LANG=C.UTF-8 (or another UTF-8 locale)"
        case .initializationFailed(let call): "the terminal could not be initialized (\(call) failed)"
        case .callFailed(let call): "curses call \(call) failed"
        }
    }
}
