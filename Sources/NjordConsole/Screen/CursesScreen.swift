public import NjordTerminal

/// The production screen: a ``CursesTerminal`` with the theme's roles mapped onto colour pairs.
/// On a monochrome theme or a terminal without colours, roles are drawn with attributes only
/// (``Theme/monochrome(_:)``); palette colours the terminal lacks fall back to basic ones.
public final class CursesScreen: InteractiveScreen {
    public let terminal: CursesTerminal
    private var attributes: [ColorRole: TerminalAttributes] = [:]
    private var cachedSize: (rows: Int, columns: Int)

    public init(terminal: CursesTerminal, theme: Theme) {
        self.terminal = terminal
        cachedSize = terminal.size
        let colors = theme.usesColor ? terminal.colorCount : 0
        let pairs = terminal.colorPairCount
        for (offset, role) in ColorRole.allCases.enumerated() {
            let style = colors >= 8 ? theme.style(for: role) : Theme.monochrome(role)
            var attribute = TerminalAttributes(
                bold: style.bold, reverse: style.reverse, dim: style.dim, underline: style.underline)
            let pair = Int16(offset + 1)
            if colors >= 8, Int(pair) < pairs,
                style.foreground != .terminalDefault || style.background != .terminalDefault
            {
                do {
                    try terminal.defineColorPair(
                        pair, foreground: style.foreground.number(available: colors),
                        background: style.background.number(available: colors))
                    attribute.colorPair = pair
                } catch {
                    // A pair the terminal refuses leaves the role in default colours, with its attributes.
                }
            }
            attributes[role] = attribute
        }
    }

    public var rows: Int { cachedSize.rows }
    public var columns: Int { cachedSize.columns }

    public func clear() {
        cachedSize = terminal.size
        terminal.clear()
    }

    public func put(_ text: String, row: Int, column: Int, style: CellStyle) {
        guard row >= 0, row < rows, column >= 0, column < columns else { return }
        let clipped = DisplayWidth.clip(text, to: columns - column)
        guard !clipped.isEmpty else { return }
        var attribute = attributes[style.role] ?? .plain
        if style.bold { attribute.bold = true }
        if style.reverse { attribute.reverse.toggle() }
        terminal.put(clipped, row: row, column: column, attributes: attribute)
    }

    public func readKey(timeoutMilliseconds: Int) -> TerminalKey? {
        let key = terminal.readInput(timeoutMilliseconds: Int32(clamping: timeoutMilliseconds))
        if key == .resize { cachedSize = terminal.size }
        return key
    }

    public func present() { try? terminal.refresh() }
}
