/// A validated stream name (`orders`, `md.trades.BTCUSDT`): it becomes a directory name, so only
/// `[A-Za-z0-9._-]` is allowed and `.`/`..` are refused.
public struct JournalStreamName: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ name: String) throws {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 200, name != ".", name != "..",
            bytes.allSatisfy(JournalStreamName.isAllowed)
        else { throw JournalError.invalidStreamName(name) }
        rawValue = name
    }

    public var description: String { rawValue }

    public static func < (lhs: JournalStreamName, rhs: JournalStreamName) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    private static func isAllowed(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
