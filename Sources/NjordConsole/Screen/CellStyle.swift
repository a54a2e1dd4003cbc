/// What a piece of text means, which the theme turns into colours and attributes.
public enum ColorRole: String, CaseIterable, Hashable, Sendable {
    case normal, header, tab, border, muted, up, down, warning, tripped, selected, bid, ask, accent, ok
}

/// How a run of text is drawn: its role plus emphasis that holds in every theme.
public struct CellStyle: Hashable, Sendable {
    public var role: ColorRole
    public var bold: Bool
    public var reverse: Bool

    public init(_ role: ColorRole = .normal, bold: Bool = false, reverse: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
    }

    public static let normal = CellStyle()
}
