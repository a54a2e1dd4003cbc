public import NjordCore

/// Why a Binance frame could not be read. Every case names the field (a path such as `data.p` or
/// `bids[3][0]`), so that a bad frame is counted and reported, never a crash.
public enum BinanceParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not well-formed JSON where this field was being read.
    case malformedJSON(field: String, offset: Int, reason: String)
    /// A required field is absent.
    case missingField(String)
    /// The field holds a different JSON type than the one expected.
    case wrongType(field: String, expected: String)
    /// The field is not an exact decimal (see ``FixedPointError``).
    case badDecimal(field: String, reason: FixedPointError)
    /// The field is an integer out of range or with non-digit characters.
    case badInteger(field: String)
    /// A well-formed frame of an event type this parser does not read (`e` or the stream name).
    case unsupportedEvent(String)

    /// The field the error names (`""` for an unsupported event).
    public var field: String {
        switch self {
        case .malformedJSON(let field, _, _), .missingField(let field), .wrongType(let field, _),
            .badDecimal(let field, _), .badInteger(let field):
            field
        case .unsupportedEvent: ""
        }
    }

    public var description: String {
        switch self {
        case .malformedJSON(let field, let offset, let reason): "malformed JSON at \(field) (byte \(offset)): \(reason)"
        case .missingField(let field): "missing field \(field)"
        case .wrongType(let field, let expected): "field \(field) is not \(expected)"
        case .badDecimal(let field, let reason): "field \(field): \(reason)"
        case .badInteger(let field): "field \(field) is not an integer in range"
        case .unsupportedEvent(let name): "unsupported event '\(name)'"
        }
    }
}
