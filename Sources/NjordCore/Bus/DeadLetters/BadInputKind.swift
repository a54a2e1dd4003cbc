/// What was wrong with a message a consumer could not use, coarse enough to count and rate-limit
/// by (one log line per kind per interval); the exact reason travels beside it.
public enum BadInputKind: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Not JSON at all, or JSON cut short.
    case malformedJSON = "malformed_json"
    /// A required field is absent.
    case missingField = "missing_field"
    /// A field appears twice.
    case duplicateField = "duplicate_field"
    /// A field holds a value of the wrong JSON type.
    case wrongType = "wrong_type"
    /// A decimal or integer that does not parse.
    case malformedNumber = "malformed_number"
    /// A string outside a field's allowed values.
    case unknownValue = "unknown_value"
    /// An event type this build does not know.
    case unknownType = "unknown_type"
    /// A wire version this build does not read.
    case unsupportedVersion = "unsupported_version"
    /// A rule between fields is broken.
    case ruleViolated = "rule_violated"
    /// Nesting deeper than the decoder allows.
    case tooDeep = "too_deep"
    /// Bytes after the event.
    case trailingBytes = "trailing_bytes"

    /// The kind of a decoding failure.
    public init(_ error: ContractError) {
        switch error {
        case .malformedJSON: self = .malformedJSON
        case .missingField: self = .missingField
        case .duplicateField: self = .duplicateField
        case .wrongType: self = .wrongType
        case .malformedDecimal, .malformedInteger: self = .malformedNumber
        case .unknownValue: self = .unknownValue
        case .unknownType: self = .unknownType
        case .unsupportedVersion: self = .unsupportedVersion
        case .ruleViolated: self = .ruleViolated
        case .tooDeep: self = .tooDeep
        case .trailingBytes: self = .trailingBytes
        }
    }

    public var description: String { rawValue }
}
