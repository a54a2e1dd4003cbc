/// A terminal colour: the terminal's default, or an index in the 256-colour palette (0–7 the
/// basic colours, 8–15 their bright forms).
public enum ThemeColor: Hashable, Sendable {
    case terminalDefault
    case index(Int16)

    static let names: [String: Int16] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "gray": 8, "grey": 8, "bright-red": 9, "bright-green": 10, "bright-yellow": 11, "bright-blue": 12,
        "bright-magenta": 13, "bright-cyan": 14, "bright-white": 15,
    ]

    /// Parses `default`, a colour name (`red`, `bright-blue`) or a palette number `0`–`255`.
    public init?(_ text: String) {
        let name = text.lowercased()
        if name == "default" {
            self = .terminalDefault
        } else if let index = Self.names[name] {
            self = .index(index)
        } else if let number = Int16(name), (0...255).contains(number) {
            self = .index(number)
        } else {
            return nil
        }
    }

    /// The colour on a terminal with `available` colours: palette entries it lacks fall back to the
    /// basic colour of the same hue (bright ones to their basic form, the 256-colour cube to the
    /// nearest basic corner).
    public func number(available: Int) -> Int16 {
        guard case .index(let index) = self else { return -1 }
        if Int(index) < available { return index }
        if index < 16 { return index % 8 }
        if index >= 232 { return index < 244 ? 0 : 7 }  // the gray ramp: dark or light
        let cube = Int(index) - 16
        let (r, g, b) = (cube / 36, (cube / 6) % 6, cube % 6)
        return Int16((r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0))
    }
}
