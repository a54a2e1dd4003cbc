public import NjordTerminal

/// A screen in memory, for view snapshot tests and the render benchmark: the cells' text (wide
/// characters take two cells, as in a terminal) and style, and a text dump of the whole grid.
public final class MemoryScreen: InteractiveScreen {
    struct Cell: Equatable {
        /// The character drawn here; empty for the right half of a wide character.
        var text: String
        var style: CellStyle
        static let blank = Cell(text: " ", style: .normal)
    }

    public private(set) var rows: Int
    public private(set) var columns: Int
    private var cells: [[Cell]]
    /// Keys handed out by ``readKey(timeoutMilliseconds:)``, first first.
    public var pendingKeys: [TerminalKey] = []
    /// Frames presented so far.
    public private(set) var presented = 0

    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        cells = Array(repeating: Array(repeating: .blank, count: columns), count: rows)
    }

    /// Changes the size, as a terminal resize does; the content is blanked.
    public func resize(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        clear()
    }

    public func clear() {
        cells = Array(repeating: Array(repeating: .blank, count: columns), count: rows)
    }

    public func put(_ text: String, row: Int, column: Int, style: CellStyle) {
        guard row >= 0, row < rows else { return }
        var col = column
        if DisplayWidth.isPrintableASCII(text) {
            // One cell per byte: no grapheme breaking (the same cells as the general loop).
            for byte in text.utf8 {
                if col + 1 > columns { break }
                if col >= 0 { cells[row][col] = Cell(text: String(UnicodeScalar(byte)), style: style) }
                col += 1
            }
            return
        }
        for character in text {
            let width = DisplayWidth.of(character)
            if width == 0 {
                if col > 0, col - 1 < columns, col - 1 >= 0 { cells[row][col - 1].text.append(character) }
                continue
            }
            if col + width > columns { break }
            if col >= 0 {
                cells[row][col] = Cell(text: String(character), style: style)
                if width == 2 { cells[row][col + 1] = Cell(text: "", style: style) }
            }
            col += width
        }
    }

    public func readKey(timeoutMilliseconds: Int) -> TerminalKey? {
        pendingKeys.isEmpty ? nil : pendingKeys.removeFirst()
    }

    public func present() { presented += 1 }

    /// One line of text per row, trailing spaces removed.
    public var text: String {
        cells.map { row in
            var line = row.map(\.text).joined()
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// The text of one row, trailing spaces removed.
    public func line(_ row: Int) -> String {
        var line = cells[row].map(\.text).joined()
        while line.last == " " { line.removeLast() }
        return line
    }

    /// The style of one cell.
    public func style(row: Int, column: Int) -> CellStyle { cells[row][column].style }
}
