/// How a run of text is drawn: a colour pair (0: the terminal's default colours) and attributes.
public struct TerminalAttributes: Hashable, Sendable {
    public var colorPair: Int16
    public var bold: Bool
    public var reverse: Bool
    public var dim: Bool
    public var underline: Bool

    public init(
        colorPair: Int16 = 0, bold: Bool = false, reverse: Bool = false, dim: Bool = false, underline: Bool = false
    ) {
        self.colorPair = colorPair
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
    }

    public static let plain = TerminalAttributes()
}
