/// One thing wrong with the configuration, located by file and key path so the operator can fix it.
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file the problem is in, as the loader opened it (e.g. `config/base.yaml`).
    public var file: String
    /// Dotted key path (`risk.max_order_notional`, `strategies[2].params.fast`); empty for the whole file.
    public var keyPath: String
    public var kind: ConfigProblemKind
    /// 1-based line in the file, when the YAML parser knows it.
    public var line: Int?
    /// The environment variable that supplied the value, when an `NJORD_*` override did.
    public var environmentVariable: String?

    public init(
        file: String, keyPath: String, kind: ConfigProblemKind, line: Int? = nil,
        environmentVariable: String? = nil
    ) {
        self.file = file
        self.keyPath = keyPath
        self.kind = kind
        self.line = line
        self.environmentVariable = environmentVariable
    }

    /// `file: key.path: message`, the form `njord config check` prints.
    public var description: String {
        var text = "\(file): \(keyPath.isEmpty ? "(document)" : keyPath): \(kind.message)"
        if let environmentVariable { text += " (value from environment \(environmentVariable))" }
        if let line { text += " (line \(line))" }
        return text
    }
}

/// What is wrong with a configuration value.
public enum ConfigProblemKind: Sendable, Equatable {
    /// The file is absent or cannot be read.
    case unreadableFile(String)
    /// The file is not well-formed YAML.
    case malformedYAML(String)
    /// A key the schema does not know; usually a typo.
    case unknownKey
    /// The same key appears twice in one mapping.
    case duplicateKey
    /// A required key is absent.
    case missingKey
    /// The value has the wrong YAML type (e.g. a list where a number belongs).
    case wrongType(expected: String, found: String)
    /// The value is not one of the allowed words.
    case badEnum(value: String, allowed: [String])
    /// The value is not a plain decimal number (`^-?[0-9]+(\.[0-9]+)?$`).
    case badDecimal(String)
    /// The value lies outside its allowed range.
    case outOfRange(value: String, allowed: String)
    /// The value is well-formed but not acceptable here (format, conflict between keys, unknown reference).
    case invalid(String)

    public var message: String {
        switch self {
        case .unreadableFile(let why): return "cannot read file: \(why)"
        case .malformedYAML(let why): return "malformed YAML: \(why)"
        case .unknownKey: return "unknown key (typo?)"
        case .duplicateKey: return "duplicate key"
        case .missingKey: return "required key is missing"
        case .wrongType(let expected, let found): return "expected \(expected), found \(found)"
        case .badEnum(let value, let allowed):
            return "'\(value)' is not one of \(allowed.joined(separator: ", "))"
        case .badDecimal(let value): return "'\(value)' is not a plain decimal number (e.g. 1000 or 12.5)"
        case .outOfRange(let value, let allowed): return "\(value) is out of range (allowed: \(allowed))"
        case .invalid(let why): return why
        }
    }
}

/// The configuration could not be loaded; every problem found is listed, not just the first.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigProblem]

    public init(problems: [ConfigProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
