/// Text forms shared by the run commands.
public enum RunText {
    /// A JSON string literal.
    public static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                out +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A metric's text from metrics.json as a JSON number: `null` when absent, undefined or not a number.
    public static func jsonNumber(_ text: String?) -> String {
        guard let text, let value = Double(text), value.isFinite else { return "null" }
        return text
    }

    /// A metric for a table: its JSON text, `–` when absent or undefined.
    public static func number(_ text: String?) -> String {
        let json = jsonNumber(text)
        return json == "null" ? "–" : json
    }
}
