/// Colours and attributes by role, with built-in defaults that a theme file overrides role by role.
/// A monochrome theme (`usesColor == false`), or a terminal without colours, draws with the
/// attributes alone, so every role stays distinguishable (tripped is reverse and bold, and so on).
public struct Theme: Hashable, Sendable {
    public var name: String
    public var usesColor: Bool
    public var styles: [ColorRole: ThemeStyle]

    public init(name: String, usesColor: Bool = true, styles: [ColorRole: ThemeStyle]) {
        self.name = name
        self.usesColor = usesColor
        self.styles = styles
    }

    /// The role's style, falling back to the defaults for roles the theme leaves out.
    public func style(for role: ColorRole) -> ThemeStyle {
        styles[role] ?? Theme.defaults.styles[role] ?? ThemeStyle()
    }

    /// The role's attributes without colours, for monochrome: what tells roles apart in black and white.
    public static func monochrome(_ role: ColorRole) -> ThemeStyle {
        switch role {
        case .header, .accent: ThemeStyle(bold: true)
        case .tab: ThemeStyle(reverse: true)
        case .muted, .border: ThemeStyle(dim: true)
        case .tripped: ThemeStyle(bold: true, reverse: true)
        case .selected: ThemeStyle(reverse: true)
        case .warning: ThemeStyle(bold: true, underline: true)
        case .down: ThemeStyle(underline: true)
        case .bid, .ask: ThemeStyle(bold: true)
        case .normal, .up, .ok: ThemeStyle()
        }
    }

    /// The built-in dark theme, under every theme file.
    public static let defaults = Theme(
        name: "default",
        styles: [
            .normal: ThemeStyle(),
            .header: ThemeStyle(.index(15), on: .index(4), bold: true),
            .tab: ThemeStyle(.index(0), on: .index(6), bold: true),
            .border: ThemeStyle(.index(4)),
            .muted: ThemeStyle(.index(8)),
            .up: ThemeStyle(.index(2)),
            .down: ThemeStyle(.index(1)),
            .warning: ThemeStyle(.index(3), bold: true),
            .tripped: ThemeStyle(.index(15), on: .index(1), bold: true),
            .selected: ThemeStyle(.index(0), on: .index(7)),
            .bid: ThemeStyle(.index(10), bold: true),
            .ask: ThemeStyle(.index(9), bold: true),
            .accent: ThemeStyle(.index(6), bold: true),
            .ok: ThemeStyle(.index(2), bold: true),
        ])
}
