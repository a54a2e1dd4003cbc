import NjordTerminal

/// Drawing helpers over a ``Screen`` within a rectangle: text fitted to a width, rules, bars.
struct Painter {
    let screen: any Screen
    /// The area views may use: rows `top..<bottom`, all columns.
    let top: Int
    let bottom: Int
    var width: Int { screen.columns }
    var height: Int { bottom - top }

    /// Text at a cell, clipped at `width` cells when given (else at the screen's edge).
    func text(_ row: Int, _ column: Int, _ text: String, _ style: CellStyle = .normal, width: Int? = nil) {
        guard row >= top, row < bottom else { return }
        let fitted = width.map { DisplayWidth.clip(text, to: $0) } ?? text
        screen.put(fitted, row: row, column: column, style: style)
    }

    /// A whole row, padded to the screen's width (bars and highlighted lines).
    func line(_ row: Int, _ text: String, _ style: CellStyle = .normal) {
        guard row >= top, row < bottom else { return }
        screen.put(DisplayWidth.fit(text, to: width), row: row, column: 0, style: style)
    }

    /// A section title: `── Title ─────…`.
    func section(_ row: Int, _ title: String) {
        guard row >= top, row < bottom else { return }
        let head = "── \(title) "
        screen.put(head, row: row, column: 0, style: CellStyle(.accent))
        let used = DisplayWidth.of(head)
        if used < width {
            screen.put(String(repeating: "─", count: width - used), row: row, column: used, style: CellStyle(.border))
        }
    }

    /// Columns laid out left to right: each cell's text fitted to its width, numbers right-aligned.
    func row(_ row: Int, _ cells: [Column], gap: Int = 1) {
        var column = 0
        for cell in cells {
            guard column < width else { return }
            let w = min(cell.width, width - column)
            text(row, column, DisplayWidth.fit(cell.text, to: w, alignRight: cell.alignRight), cell.style)
            column += w + gap
        }
    }
}

/// One cell of a table row.
struct Column {
    var text: String
    var width: Int
    var alignRight = false
    var style = CellStyle.normal

    static func left(_ text: String, _ width: Int, _ style: CellStyle = .normal) -> Column {
        Column(text: text, width: width, style: style)
    }

    static func right(_ text: String, _ width: Int, _ style: CellStyle = .normal) -> Column {
        Column(text: text, width: width, alignRight: true, style: style)
    }
}
