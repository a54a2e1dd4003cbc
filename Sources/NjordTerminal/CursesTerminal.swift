import CNcursesw

#if canImport(Glibc)
    import Glibc
#endif

/// The one owner of ncurses: starts and restores the terminal, draws text cells with colour pairs
/// and attributes, and reads keys (wide characters and resizes included).
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
        // Esc alone is a key here (it cancels dialogs); curses' default 1 s wait for a sequence is too long.
        setenv("ESCDELAY", "25", 0)
        guard let window = initscr() else { throw .initializationFailed("initscr") }
        self.window = window
        TerminalRestore.install()
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

    /// Colours the terminal can show: 0 without colour support, else 8, 16, 256…
    public var colorCount: Int { has_colors() ? Int(njord_colors()) : 0 }

    /// Colour pairs the terminal offers (pair 0 is the default and cannot be changed).
    public var colorPairCount: Int { has_colors() ? Int(njord_color_pairs()) : 0 }

    /// Defines colour pair `pair` (1…``colorPairCount``−1); −1 is the terminal's default colour.
    public func defineColorPair(_ pair: Int16, foreground: Int16, background: Int16) throws(TerminalError) {
        try Self.check(init_pair(pair, foreground, background), "init_pair(\(pair))")
    }

    /// Writes text at a cell with attributes. The caller clips to the screen (curses would wrap).
    public func put(_ text: String, row: Int, column: Int, attributes: TerminalAttributes = .plain) {
        var bits: Int32 = 0
        if attributes.bold { bits |= njord_a_bold() }
        if attributes.reverse { bits |= njord_a_reverse() }
        if attributes.dim { bits |= njord_a_dim() }
        if attributes.underline { bits |= njord_a_underline() }
        if attributes.colorPair > 0 { bits |= njord_color_pair(Int32(attributes.colorPair)) }
        if bits != 0 { wattron(window, bits) }
        // Writing the bottom-right cell returns ERR (the cursor cannot advance) although it draws.
        _ = mvwaddstr(window, Int32(row), Int32(column), text)
        if bits != 0 { wattroff(window, bits) }
    }

    /// Writes text at a cell, clipped to the screen.
    public func put(_ text: String, row: Int, column: Int, bold: Bool = false, reverse: Bool = false) {
        put(text, row: row, column: column, attributes: TerminalAttributes(bold: bold, reverse: reverse))
    }

    public func clear() { werase(window) }

    /// Pushes what was drawn to the terminal; curses sends only the cells that changed.
    public func refresh() throws(TerminalError) { try Self.check(wrefresh(window), "wrefresh") }

    /// The next key as curses' raw code, waiting at most `timeoutMilliseconds` (nil when none arrived).
    public func readKey(timeoutMilliseconds: Int32) -> Int32? {
        wtimeout(window, timeoutMilliseconds)
        let key = wgetch(window)
        return key == ERR ? nil : key
    }

    /// The next key, translated, waiting at most `timeoutMilliseconds` (nil when none arrived).
    public func readInput(timeoutMilliseconds: Int32) -> TerminalKey? {
        wtimeout(window, timeoutMilliseconds)
        var character: wint_t = 0
        let result = wget_wch(window, &character)
        if result == ERR { return nil }
        if result == njord_key_code_yes() { return Self.translate(functionKey: Int32(character)) }
        return Self.translate(character: UInt32(character))
    }

    static func translate(character: UInt32) -> TerminalKey {
        switch character {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 0..<32: return .control(UInt8(character))
        default:
            guard let scalar = Unicode.Scalar(character) else { return .other(Int32(bitPattern: character)) }
            return .character(Character(scalar))
        }
    }

    static func translate(functionKey code: Int32) -> TerminalKey {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_BTAB: .backTab
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        case KEY_RESIZE: .resize
        default: .other(code)
        }
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
