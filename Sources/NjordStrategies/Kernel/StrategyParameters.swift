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
