import NjordCore

/// One dimension of a parameter grid: a name and its values in order, as exact decimal text.
/// `fast=5:50:5` is 5, 10, …, 50 (the stop is included when the steps land on it); `fast=10` is
/// the single value 10. Values are exact (`Fixed`), so `0.1:0.3:0.1` is exactly three values.
public struct ParameterRange: Hashable, Sendable {
    public var name: String
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }

    /// Ranges longer than this are refused: a typo such as a step of 0.00000001 would not end.
    public static let maximumValues = 100_000

    /// Parses `name=start:stop:step` or `name=value`.
    public init(parsing text: some StringProtocol) throws(SweepError) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts[0].trimmingCharacters(in: " ")
        guard parts.count == 2, !name.isEmpty else { throw .malformedDimension(String(text)) }
        let bounds = parts[1].split(separator: ":", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: " ")
        }
        func decimal(_ field: String, _ role: String) throws(SweepError) -> Fixed {
            do { return try Fixed(field) } catch {
                throw .invalidRange(name: name, reason: "\(role) '\(field)' is not a decimal")
            }
        }
        switch bounds.count {
        case 1:
            _ = try decimal(bounds[0], "value")
            self.init(name: name, values: [bounds[0]])
        case 3:
            let start = try decimal(bounds[0], "start")
            let stop = try decimal(bounds[1], "stop")
            let step = try decimal(bounds[2], "step")
            guard step.isPositive else { throw .invalidRange(name: name, reason: "step must be positive") }
            guard start <= stop else { throw .invalidRange(name: name, reason: "start \(start) is above stop \(stop)") }
            let count = (stop - start).raw / step.raw + 1
            guard count <= Int128(Self.maximumValues) else {
                throw .invalidRange(name: name, reason: "more than \(Self.maximumValues) values")
            }
            var values: [String] = []
            var value = start
            for _ in 0..<Int(count) {
                values.append(value.description)
                value += step
            }
            self.init(name: name, values: values)
        default:
            throw .malformedDimension(String(text))
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
