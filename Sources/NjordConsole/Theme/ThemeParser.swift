/// Reads a theme file: a tiny YAML subset, one `key: value` per line, `#` comments, blank lines.
///
///     name: light
///     colors: true          # false: monochrome, attributes only
///     up: green
///     tripped: white/red bold
///
/// Keys are `name`, `colors` and the roles of ``ColorRole``; values are ``ThemeStyle``'s syntax,
/// optionally quoted. Every bad line is reported and skipped; the rest is laid over the defaults.
public enum ThemeParser {
    public static func parse(_ text: String, file: String) -> (theme: Theme, problems: [ThemeProblem]) {
        var theme = Theme(name: file, styles: Theme.defaults.styles)
        var problems: [ThemeProblem] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = stripComment(String(rawLine)).trimmingSpaces
            if line.isEmpty || line == "---" { continue }
            let number = offset + 1
            guard let colon = line.firstIndex(of: ":") else {
                problems.append(ThemeProblem(file: file, line: number, kind: .notKeyValue(line)))
                continue
            }
            let key = String(line[..<colon]).trimmingSpaces
            var value = String(line[line.index(after: colon)...]).trimmingSpaces
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            switch key {
            case "name": theme.name = value
            case "colors":
                switch value.lowercased() {
                case "true", "yes", "on": theme.usesColor = true
                case "false", "no", "off": theme.usesColor = false
                default: problems.append(ThemeProblem(file: file, line: number, kind: .badSwitch(value)))
                }
            default:
                guard let role = ColorRole(rawValue: key) else {
                    problems.append(ThemeProblem(file: file, line: number, kind: .unknownRole(key)))
                    continue
                }
                switch ThemeStyle.parse(value) {
                case .success(let style): theme.styles[role] = style
                case .failure(let kind): problems.append(ThemeProblem(file: file, line: number, kind: kind))
                }
            }
        }
        return (theme, problems)
    }

    private static func stripComment(_ line: String) -> String {
        var inQuote: Character?
        for index in line.indices {
            let c = line[index]
            if let q = inQuote {
                if c == q { inQuote = nil }
            } else if c == "\"" || c == "'" {
                inQuote = c
            } else if c == "#", index == line.startIndex || line[line.index(before: index)] == " " {
                return String(line[..<index])
            }
        }
        return line
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
