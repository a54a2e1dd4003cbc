/// Something wrong in a theme file; the console reports it and draws with the defaults for it.
public struct ThemeProblem: Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Error, Hashable, Sendable {
        /// The file could not be read; the reason is the system's.
        case unreadable(String)
        /// A line is not `key: value`.
        case notKeyValue(String)
        /// A key names no colour role (nor `name`/`colors`).
        case unknownRole(String)
        /// A value is not `fg[/bg] [bold] [reverse] [dim] [underline]` with known colours.
        case badValue(String)
        /// `colors:` is not `true` or `false`.
        case badSwitch(String)
    }

    public var file: String
    /// 1-based; 0 for the whole file.
    public var line: Int
    public var kind: Kind

    public init(file: String, line: Int, kind: Kind) {
        self.file = file
        self.line = line
        self.kind = kind
    }

    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        switch kind {
        case .unreadable(let why): return "\(place): cannot read the theme (\(why)); using the defaults"
        case .notKeyValue(let text): return "\(place): '\(text)' is not 'role: style'"
        case .unknownRole(let key):
            return
                "\(place): unknown role '\(key)' (roles: \(ColorRole.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .badValue(let text):
            return "\(place): '\(text)' is not 'fg[/bg] [bold] [reverse] [dim] [underline]' with known colours"
        case .badSwitch(let text): return "\(place): colors must be true or false, not '\(text)'"
        }
    }
}
