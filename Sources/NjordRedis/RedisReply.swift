/// One reply from the server (RESP2), converted out of hiredis so that it owns its bytes.
public enum RedisReply: Sendable, Hashable {
    /// A simple string such as `OK` or `PONG`.
    case status(String)
    /// An error reply; `RedisConnection.command` throws these as `RedisError.serverError` instead,
    /// so they appear only inside arrays (`EXEC`) and in pipelined replies.
    case error(String)
    case integer(Int64)
    /// A bulk string: arbitrary bytes, binary safe.
    case bytes([UInt8])
    case array([RedisReply])
    /// The nil bulk string or nil array (a missing key, a timed-out blocking read).
    case null

    /// The text of a bulk string or status; nil for other replies and for bytes that are not UTF-8.
    public var string: String? {
        switch self {
        case .status(let text): text
        case .bytes(let bytes): String(validating: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The bytes of a bulk string or status.
    public var bytes: [UInt8]? {
        switch self {
        case .status(let text): Array(text.utf8)
        case .bytes(let bytes): bytes
        default: nil
        }
    }

    public var integer: Int64? {
        if case .integer(let value) = self { value } else { nil }
    }

    public var array: [RedisReply]? {
        if case .array(let elements) = self { elements } else { nil }
    }

    public var isNull: Bool { self == .null }
}

extension RedisReply: CustomStringConvertible {
    /// A short, `redis-cli`-like rendering for logs and test failures; long bulk strings are cut.
    public var description: String {
        switch self {
        case .status(let text): return text
        case .error(let text): return "(error) \(text)"
        case .integer(let value): return "(integer) \(value)"
        case .null: return "(nil)"
        case .array(let elements): return "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .bytes(let bytes):
            let shown = bytes.prefix(64).map { byte -> String in
                switch byte {
                case 0x20..<0x7f where byte != 0x22 && byte != 0x5c: String(UnicodeScalar(byte))
                default: "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
                }
            }
            return "\"" + shown.joined() + (bytes.count > 64 ? "…(\(bytes.count) bytes)" : "") + "\""
        }
    }
}
