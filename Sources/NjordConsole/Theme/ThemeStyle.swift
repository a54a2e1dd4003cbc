/// How one role is drawn: colours (ignored on a monochrome theme or terminal) and attributes.
public struct ThemeStyle: Hashable, Sendable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var bold: Bool
    public var reverse: Bool
    public var dim: Bool
    public var underline: Bool

    public init(
        _ foreground: ThemeColor = .terminalDefault, on background: ThemeColor = .terminalDefault, bold: Bool = false,
        reverse: Bool = false, dim: Bool = false, underline: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
    }

    /// Parses `fg[/bg] [bold] [reverse] [dim] [underline]`, e.g. `white/red bold`; nil with the
    /// reason when a word is not a colour or attribute.
    static func parse(_ text: String) -> Result<ThemeStyle, ThemeProblem.Kind> {
        var style = ThemeStyle()
        var colorSeen = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            switch word.lowercased() {
            case "bold": style.bold = true
            case "reverse": style.reverse = true
            case "dim": style.dim = true
            case "underline": style.underline = true
            default:
                guard !colorSeen else { return .failure(.badValue(text)) }
                colorSeen = true
                let parts = word.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                guard parts.count <= 2, let fg = ThemeColor(parts[0]) else { return .failure(.badValue(text)) }
                style.foreground = fg
                if parts.count == 2 {
                    guard let bg = ThemeColor(parts[1]) else { return .failure(.badValue(text)) }
                    style.background = bg
                }
            }
        }
        return .success(style)
    }
}
