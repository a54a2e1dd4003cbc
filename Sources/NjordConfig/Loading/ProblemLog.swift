import Yams

/// Collects the problems of one file while its typed sections are read, so that a check reports all of
/// them at once.
final class ProblemLog {
    let file: String
    /// Key path → environment variable, for values an `NJORD_*` override supplied.
    let overriddenPaths: [String: String]
    fileprivate(set) var problems: [ConfigProblem] = []

    init(file: String, overriddenPaths: [String: String] = [:]) {
        self.file = file
        self.overriddenPaths = overriddenPaths
    }

    func report(_ keyPath: String, _ kind: ConfigProblemKind, at node: Node? = nil) {
        problems.append(
            ConfigProblem(
                file: file, keyPath: keyPath, kind: kind, line: node?.mark?.line,
                environmentVariable: overriddenPaths[keyPath]))
    }

    // MARK: - Scalars at a path

    func string(_ node: Node, _ path: String) -> String? {
        guard let scalar = node.scalar else {
            report(path, .wrongType(expected: "a string", found: Self.describe(node)), at: node)
            return nil
        }
        guard !scalar.string.isEmpty else {
            report(path, .invalid("must not be empty"), at: node)
            return nil
        }
        return scalar.string
    }

    func int(_ node: Node, _ path: String, range: ClosedRange<Int>) -> Int? {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any,
            let value = Int(scalar.string)
        else {
            report(path, .wrongType(expected: "an integer", found: Self.describe(node)), at: node)
            return nil
        }
        guard range.contains(value) else {
            report(path, .outOfRange(value: String(value), allowed: Self.describe(range)), at: node)
            return nil
        }
        return value
    }

    func bool(_ node: Node, _ path: String) -> Bool? {
        if let scalar = node.scalar, scalar.style == .plain || scalar.style == .any {
            if scalar.string == "true" { return true }
            if scalar.string == "false" { return false }
        }
        report(path, .wrongType(expected: "true or false", found: Self.describe(node)), at: node)
        return nil
    }

    /// A plain decimal kept as its text (never through `Double`), with an optional range.
    func decimal(_ node: Node, _ path: String, range: DecimalRange) -> String? {
        guard let scalar = node.scalar else {
            report(path, .wrongType(expected: "a decimal number", found: Self.describe(node)), at: node)
            return nil
        }
        guard let value = ExactDecimal(scalar.string) else {
            report(path, .badDecimal(scalar.string), at: node)
            return nil
        }
        guard range.contains(value) else {
            report(path, .outOfRange(value: scalar.string, allowed: range.description), at: node)
            return nil
        }
        return scalar.string
    }

    func word<Word: RawRepresentable<String> & CaseIterable>(_ node: Node, _ path: String, as _: Word.Type)
        -> Word?
    {
        guard let scalar = node.scalar else {
            report(path, .wrongType(expected: "a word", found: Self.describe(node)), at: node)
            return nil
        }
        guard let value = Word(rawValue: scalar.string) else {
            report(
                path, .badEnum(value: scalar.string, allowed: Word.allCases.map(\.rawValue)), at: node)
            return nil
        }
        return value
    }

    // MARK: - Descriptions

    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            if isNull(node) { return "null" }
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            if !quoted, Int(scalar.string) != nil { return "number \(scalar.string)" }
            if !quoted, scalar.string == "true" || scalar.string == "false" {
                return "boolean \(scalar.string)"
            }
            return "string '\(scalar.string)'"
        }
    }

    static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        if range.upperBound == Int.max { return ">= \(range.lowerBound)" }
        return "\(range.lowerBound)...\(range.upperBound)"
    }
}

/// The allowed interval of a decimal value; bounds are decimal text.
struct DecimalRange: CustomStringConvertible {
    var minimum: String?
    var minimumInclusive = true
    var maximum: String?

    static let any = DecimalRange()
    static let positive = DecimalRange(minimum: "0", minimumInclusive: false)
    static let fraction = DecimalRange(minimum: "0", maximum: "1")

    func contains(_ value: ExactDecimal) -> Bool {
        if let minimum, let low = ExactDecimal(minimum) {
            if minimumInclusive ? value < low : value <= low { return false }
        }
        if let maximum, let high = ExactDecimal(maximum), value > high { return false }
        return true
    }

    var description: String {
        var parts: [String] = []
        if let minimum { parts.append(minimumInclusive ? ">= \(minimum)" : "> \(minimum)") }
        if let maximum { parts.append("<= \(maximum)") }
        return parts.isEmpty ? "any" : parts.joined(separator: " and ")
    }
}

extension ProblemLog {
    /// Takes over the problems another log of the same file collected.
    func absorb(_ other: ProblemLog) { problems.append(contentsOf: other.problems) }
}

extension Node.Mapping {
    var node: Node { .mapping(self) }
}
