import Foundation
import Testing

/// The empyrical fixtures made by scripts/make-metrics-fixtures.py, read in place via #filePath.
struct MetricsFixtures {
    struct Case {
        var name: String
        var returns: [Double]
        /// empyrical's figure by name.
        var expected: [String: Double]
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func cases() throws -> [Case] {
        let data = try Data(contentsOf: directory.appendingPathComponent("empyrical-metrics.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try #require(document["cases"] as? [[String: Any]])
        return try cases.map { entry in
            let expected = try #require(entry["expected"] as? [String: Any])
            return Case(
                name: try #require(entry["name"] as? String),
                returns: try #require(entry["returns"] as? [String]).map(number),
                expected: try expected.mapValues { try number(try #require($0 as? String)) })
        }
    }

    /// Numbers are text in the file (shortest round-trip, or nan/inf/-inf): Double(String) reads
    /// them exactly, where JSONSerialization may round the last bit.
    static func number(_ text: String) throws -> Double {
        switch text {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: return try #require(Double(text), "not a number: \(text)")
        }
    }

    /// Equal to 1e-9 relative; NaN equals NaN and infinities equal themselves.
    static func agree(_ actual: Double, _ expected: Double) -> Bool {
        if expected.isNaN { return actual.isNaN }
        if expected.isInfinite { return actual == expected }
        return abs(actual - expected) <= 1e-9 * abs(expected)
    }
}
