/// Why bytes could not be decoded into a contract event. Every description starts with the field
/// path (`data.bids[3][0]`, `v`) or, for bytes outside any field, with the byte offset.
public enum ContractError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not valid JSON at this byte offset (path: the innermost field being read).
    case malformedJSON(path: String, offset: Int, reason: String)
    /// A required field is absent.
    case missingField(path: String)
    /// A field appears twice in the same object.
    case duplicateField(path: String)
    /// A field holds a JSON value of the wrong type (`expected` and `found` are JSON type names).
    case wrongType(path: String, expected: String, found: String)
    /// A decimal string that is not a plain decimal ``Fixed`` accepts.
    case malformedDecimal(path: String, FixedPointError)
    /// A number where an integer is required that has a fraction, an exponent, or is out of range.
    case malformedInteger(path: String, reason: String)
    /// A string outside the field's allowed values (`side`, `status`, …).
    case unknownValue(path: String, value: String, allowed: [String])
    /// The `type` names no event this build knows.
    case unknownType(String)
    /// The `v` is not a version this build reads.
    case unsupportedVersion(Int64)
    /// A rule between fields is broken (exactly one of `quantity`/`quote_amount`, …).
    case ruleViolated(path: String, reason: String)
    /// Arrays or objects nested deeper than ``JSONReader/maxDepth`` at this byte offset.
    case tooDeep(path: String, offset: Int)
    /// Bytes other than white space follow the event, starting at this byte offset.
    case trailingBytes(offset: Int)

    public var description: String {
        switch self {
        case .malformedJSON(let path, let offset, let reason):
            path.isEmpty
                ? "byte \(offset): malformed JSON: \(reason)" : "\(path): malformed JSON at byte \(offset): \(reason)"
        case .missingField(let path): "\(path): missing field"
        case .duplicateField(let path): "\(path): duplicate field"
        case .wrongType(let path, let expected, let found): "\(path): expected \(expected), found \(found)"
        case .malformedDecimal(let path, let error): "\(path): malformed decimal: \(error)"
        case .malformedInteger(let path, let reason): "\(path): malformed integer: \(reason)"
        case .unknownValue(let path, let value, let allowed):
            "\(path): unknown value \(ContractError.quoted(value)) (expected \(allowed.joined(separator: "|")))"
        case .unknownType(let type): "type: unknown event type \(ContractError.quoted(type))"
        case .unsupportedVersion(let version):
            "v: unsupported version \(version) (this build reads version \(EventEnvelope.wireVersion))"
        case .ruleViolated(let path, let reason): "\(path): \(reason)"
        case .tooDeep(let path, let offset):
            path.isEmpty
                ? "byte \(offset): nesting deeper than \(JSONReader.maxDepth)"
                : "\(path): nesting deeper than \(JSONReader.maxDepth) at byte \(offset)"
        case .trailingBytes(let offset): "byte \(offset): trailing bytes after the event"
        }
    }

    /// The value as JSON would quote it, so control characters in bad input stay visible.
    static func quoted(_ value: String) -> String {
        var writer = JSONWriter(capacity: value.utf8.count + 2)
        writer.string(value)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
