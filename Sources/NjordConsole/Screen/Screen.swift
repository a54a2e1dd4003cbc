public import NjordTerminal

/// A grid of text cells that views draw on: ncurses in production (``CursesScreen``), memory in
/// tests (``MemoryScreen``). Views only ever put text; the screen clips at its edges.
public protocol Screen: AnyObject {
    var rows: Int { get }
    var columns: Int { get }
    /// Blanks every cell (the start of a frame).
    func clear()
    /// Writes text from a cell rightwards, clipped at the right edge; wide characters take two cells.
    func put(_ text: String, row: Int, column: Int, style: CellStyle)
}

/// A screen with a keyboard: what the runtime loop drives.
public protocol InteractiveScreen: Screen {
    /// The next key, waiting at most `timeoutMilliseconds`.
    func readKey(timeoutMilliseconds: Int) -> TerminalKey?
    /// Shows the frame drawn since the last ``Screen/clear()``.
    func present()
}
