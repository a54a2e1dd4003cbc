/// Why a strategy could not be built from its name and parameters.
public enum StrategyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No strategy has this name.
    case unknownStrategy(String)
    /// A `name=value` pair is malformed.
    case malformedParameters(String)
    /// A parameter's value is not what the strategy needs.
    case invalidParameter(name: String, value: String, expected: String)
    /// A parameter the strategy does not take (likely a typo).
    case unknownParameter(String)
    /// A parameter the strategy needs is absent.
    case missingParameter(String)
    /// Two running strategies share an id.
    case duplicateId(String)
    /// No running strategy has this id.
    case unknownId(String)

    public var description: String {
        switch self {
        case .unknownStrategy(let name): "unknown strategy '\(name)'"
        case .malformedParameters(let text): "malformed parameter '\(text)': expected name=value"
        case .invalidParameter(let name, let value, let expected):
            "parameter \(name)=\(value) is invalid: expected \(expected)"
        case .unknownParameter(let name): "unknown parameter '\(name)'"
        case .missingParameter(let name): "missing parameter '\(name)'"
        case .duplicateId(let id): "strategy id '\(id)' is used twice"
        case .unknownId(let id): "no running strategy has id '\(id)'"
        }
    }
}
