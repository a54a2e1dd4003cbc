public import NjordCore

/// A strategy's named parameters, as given on the command line (`fast=10,slow=50`) or in config.
public struct StrategyParameters: Hashable, Sendable {
    public var values: [String: String]

    public init(_ values: [String: String] = [:]) { self.values = values }

    /// Parses `name=value` pairs separated by commas; whitespace around names and values is ignored.
    public init(parsing text: String) throws(StrategyError) {
        var values: [String: String] = [:]
        for pair in text.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].trimmingSpaces
            guard parts.count == 2, !name.isEmpty else { throw .malformedParameters(String(pair)) }
            values[name] = parts[1].trimmingSpaces
        }
        self.values = values
    }

    /// A positive whole-number parameter; `defaultValue` when absent.
    public func positiveInt(_ name: String, default defaultValue: Int) throws(StrategyError) -> Int {
        guard let text = values[name] else { return defaultValue }
        guard let value = Int(text), value > 0 else {
            throw .invalidParameter(name: name, value: text, expected: "a positive whole number")
        }
        return value
    }

    /// A whole-number parameter of at least `minimum` that must be present.
    public func int(_ name: String, atLeast minimum: Int) throws(StrategyError) -> Int {
        guard let text = values[name] else { throw .missingParameter(name) }
        guard let value = Int(text), value >= minimum else {
            throw .invalidParameter(name: name, value: text, expected: "a whole number ≥ \(minimum)")
        }
        return value
    }

    /// An exact decimal parameter that must be present, be positive and not exceed `maximum`.
    public func positiveDecimal(_ name: String, atMost maximum: Fixed? = nil) throws(StrategyError) -> Fixed {
        guard let text = values[name] else { throw .missingParameter(name) }
        guard let value = try? Fixed(text), value.isPositive, maximum.map({ value <= $0 }) ?? true else {
            let bound = maximum.map { " ≤ \($0)" } ?? ""
            throw .invalidParameter(name: name, value: text, expected: "a decimal > 0\(bound)")
        }
        return value
    }

    /// Throws for the first name (sorted) that is not in `known`.
    public func rejectUnknown(known: Set<String>) throws(StrategyError) {
        if let unknown = unknownNames(known: known).first { throw .unknownParameter(unknown) }
    }

    /// Names that are not in `known`, sorted: typos the caller should reject.
    public func unknownNames(known: Set<String>) -> [String] {
        values.keys.filter { !known.contains($0) }.sorted()
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
