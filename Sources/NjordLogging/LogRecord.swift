public import Logging
public import NjordCore

/// One log event as the stack writes it: already redacted, metadata flattened from handler, provider
/// and call site.
public struct LogRecord: Sendable {
    public var timestamp: Timestamp
    public var level: Logger.Level
    public var service: String
    public var message: String
    public var metadata: Logger.Metadata

    public init(
        timestamp: Timestamp, level: Logger.Level, service: String, message: String, metadata: Logger.Metadata
    ) {
        self.timestamp = timestamp
        self.level = level
        self.service = service
        self.message = message
        self.metadata = metadata
    }

    /// `{"ts":"…","level":"info","service":"…","msg":"…","meta":{…}}`, one line, no newline.
    public var ndjson: String {
        var out = "{\"ts\":"
        JSONText.appendString(timestamp.iso8601, to: &out)
        out += ",\"level\":"
        JSONText.appendString(level.rawValue, to: &out)
        out += ",\"service\":"
        JSONText.appendString(service, to: &out)
        out += ",\"msg\":"
        JSONText.appendString(message, to: &out)
        out += ",\"meta\":"
        JSONText.appendValue(.dictionary(metadata), to: &out)
        out += "}"
        return out
    }

    /// `2024-08-09T00:05:05.800Z INFO service: message key=value`, one line for a terminal.
    public var humanLine: String {
        var out =
            "\(timestamp.iso8601) \(level.rawValue.uppercased()) \(service): \(Self.singleLine(message))"
        for key in metadata.keys.sorted() {
            out += " \(key)=\(Self.humanValue(metadata[key]!))"
        }
        return out
    }

    private static func humanValue(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text):
            let line = singleLine(text)
            return line.isEmpty || line.contains(" ") || line.contains("\"")
                ? "\"" + line.replacingQuotes() + "\"" : line
        case .stringConvertible(let value): return humanValue(.string(value.description))
        case .dictionary, .array:
            var json = ""
            JSONText.appendValue(value, to: &json)
            return json
        }
    }

    /// Control characters escaped so a record never spans two terminal lines.
    static func singleLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            return text
        }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var out = ""
        for c in self { out += c == "\"" ? "\\\"" : c == "\\" ? "\\\\" : String(c) }
        return out
    }

    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
