import Foundation
import NjordCore
import Testing

/// Thousands of generated bad variants of the golden fixtures. The promise under test: every
/// input either decodes (and then its canonical re-encoding decodes to an equal value and is
/// stable) or throws a ``ContractError`` naming a field path or a byte offset; nothing crashes;
/// whatever Foundation's JSONSerialization rejects as JSON is rejected too.
@Suite struct ContractFuzzTests {
    /// Holds the promise for one input; returns whether it decoded.
    @discardableResult
    static func check(_ bytes: [UInt8], _ label: @autoclosure () -> String) -> Bool {
        let foundationAccepts = (try? JSONSerialization.jsonObject(with: Data(bytes))) != nil
        let event: EventEnvelope
        do {
            event = try EventEnvelope(json: bytes)
        } catch {
            #expect(ContractFixtures.namesLocation(error), "\(label()): \(error)")
            return false
        }
        #expect(foundationAccepts, "decoded what JSONSerialization rejects: \(label())")
        let canonical = event.encoded()
        do {
            let again = try EventEnvelope(json: canonical)
            #expect(again == event, "\(label())")
            #expect(again.encoded() == canonical, "\(label())")
        } catch {
            Issue.record("canonical form of \(label()) does not decode: \(error)")
        }
        return true
    }

    static func show(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func everyTruncationIsRejected() throws {
        var cases = 0
        for (type, line) in try ContractFixtures.all() {
            for length in 0..<line.count {
                let decoded = Self.check(Array(line[..<length]), "\(type.rawValue) cut at \(length)")
                #expect(!decoded, "\(type.rawValue) cut at \(length) decoded")
                cases += 1
            }
        }
        #expect(cases > 3000)
    }

    @Test func seededRandomByteMutationsDecodeOrFailCleanly() throws {
        var rng = SplitMix64(seed: 0x4E4A_4F52_4443_0001)
        let interesting: [UInt8] = Array("\"\\{}[],:0123456789-.eE+ ntfu".utf8) + [0, 0x1F, 0x7F, 0x80, 0xC3, 0xFF]
        var decoded = 0
        var rejected = 0
        for (type, line) in try ContractFixtures.all() {
            for round in 0..<400 {
                var bytes = line
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    let at = Int.random(in: 0..<bytes.count, using: &rng)
                    let value =
                        Bool.random(using: &rng)
                        ? interesting.randomElement(using: &rng) ?? 0 : UInt8.random(in: 0...255, using: &rng)
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: bytes[at] = value
                    case 1: bytes.insert(value, at: at)
                    case 2 where bytes.count > 1: bytes.remove(at: at)
                    default:
                        // Swap two bytes: keeps the length, moves structure around.
                        let other = Int.random(in: 0..<bytes.count, using: &rng)
                        bytes.swapAt(at, other)
                    }
                }
                if Self.check(bytes, "\(type.rawValue) mutation \(round): \(Self.show(bytes))") {
                    decoded += 1
                } else {
                    rejected += 1
                }
            }
        }
        #expect(decoded + rejected == 400 * EventType.allCases.count)
        #expect(rejected > decoded)
    }

    @Test func deletingAnyFieldIsReportedAsMissing() throws {
        var cases = 0
        for (type, line) in try ContractFixtures.all() {
            let original = try EventEnvelope(json: line)
            for member in JSONMembers.of(line) {
                var bytes = line
                // Remove `"key":value` and one adjoining comma.
                var from = member.keyStart
                var to = member.valueEnd
                if bytes[from - 1] == UInt8(ascii: ",") {
                    from -= 1
                } else if to < bytes.count, bytes[to] == UInt8(ascii: ",") {
                    to += 1
                }
                bytes.removeSubrange(from..<to)
                cases += 1
                if Self.check(bytes, "\(type.rawValue) without \(member.name)") {
                    // Only a heartbeat counter is not a field: dropping it leaves a valid event.
                    guard case .heartbeat(let heartbeat) = original.payload, heartbeat.counters[member.name] != nil
                    else {
                        Issue.record("\(type.rawValue) without \(member.name) decoded")
                        continue
                    }
                    continue
                }
                do {
                    _ = try EventEnvelope(json: bytes)
                } catch {
                    guard case .missingField(let path) = error else {
                        Issue.record("\(type.rawValue) without \(member.name): \(error)")
                        continue
                    }
                    #expect(path == member.name || path.hasSuffix(".\(member.name)"), "\(path) vs \(member.name)")
                }
            }
        }
        #expect(cases > 100)
    }

    @Test func wrongTypedValuesDecodeOrFailCleanly() throws {
        let replacements = [
            "\"x\"", "\"\"", "1", "-1", "0", "-0", "1.5", "null", "true", "false", "[]", "{}", "[\"1\",\"2\"]",
            "{\"a\":1}", "\"1e5\"", "\"NaN\"", "\"0.000000001\"", "\"-\"", "9223372036854775808",
        ]
        var cases = 0
        for (type, line) in try ContractFixtures.all() {
            for member in JSONMembers.of(line) {
                for value in replacements {
                    var bytes = line
                    bytes.replaceSubrange(member.valueStart..<member.valueEnd, with: Array(value.utf8))
                    Self.check(bytes, "\(type.rawValue) \(member.name)=\(value)")
                    cases += 1
                }
            }
        }
        #expect(cases > 2000)
    }

    @Test func nonFiniteNumbersAreRejectedEverywhere() throws {
        let nonFinite = [
            "NaN", "-NaN", "Infinity", "-Infinity", "inf", "1e999", "-1e999", "1e400", "1.7976931348623159e308",
        ]
        for (type, line) in try ContractFixtures.all() {
            for member in JSONMembers.of(line) {
                for value in nonFinite {
                    var bytes = line
                    bytes.replaceSubrange(member.valueStart..<member.valueEnd, with: Array(value.utf8))
                    #expect(!Self.check(bytes, "\(type.rawValue) \(member.name)=\(value)"))
                }
            }
        }
    }

    @Test func unknownVersionsAndTypesAreRejected() throws {
        for (type, line) in try ContractFixtures.all() {
            let text = Self.show(line)
            for version in ["0", "2", "-1", "100"] {
                let bytes = Array(text.replacingOccurrences(of: "\"v\":1,", with: "\"v\":\(version),").utf8)
                #expect(throws: ContractError.unsupportedVersion(Int64(version) ?? 0)) {
                    try EventEnvelope(json: bytes)
                }
            }
            for version in ["\"1\"", "1.0", "null", "1e0"] {
                let bytes = Array(text.replacingOccurrences(of: "\"v\":1,", with: "\"v\":\(version),").utf8)
                #expect(!Self.check(bytes, "\(type.rawValue) v=\(version)"))
            }
            let renamed = Array(
                text.replacingOccurrences(of: "\"type\":\"\(type.rawValue)\"", with: "\"type\":\"\(type.rawValue).v2\"")
                    .utf8)
            #expect(throws: ContractError.unknownType("\(type.rawValue).v2")) { try EventEnvelope(json: renamed) }
        }
    }

    @Test func payloadOfAnotherTypeIsRejected() throws {
        let all = try ContractFixtures.all()
        for (index, (type, line)) in all.enumerated() {
            var other = all[(index + 1) % all.count].0
            // A cancel's fields are a subset of an intent's, so an intent's data reads as a cancel
            // (unknown keys are ignored): only the type tag tells them apart. Pair it with another type.
            if type == .orderIntent && other == .orderCancel { other = all[(index + 2) % all.count].0 }
            let bytes = Array(
                Self.show(line).replacingOccurrences(
                    of: "\"type\":\"\(type.rawValue)\"", with: "\"type\":\"\(other.rawValue)\""
                )
                .utf8)
            #expect(!Self.check(bytes, "\(type.rawValue) data as \(other.rawValue)"))
        }
    }

    @Test func intentDataTaggedAsACancelReadsAsACancelOfTheSameOrder() throws {
        let line = Self.show(try ContractFixtures.line(.orderIntent))
            .replacingOccurrences(of: "\"type\":\"order.intent\"", with: "\"type\":\"order.cancel\"")
        let event = try EventEnvelope(json: line)
        guard case .orderCancel(let cancel) = event.payload else {
            Issue.record("expected a cancel, got \(event.type)")
            return
        }
        #expect(cancel.clientOrderId == "trend-1-000017")
        #expect(cancel.symbol == "BTCUSDT")
    }
}

/// Locates every `"key":value` member in a JSON text (at any depth), for generated variants.
enum JSONMembers {
    struct Member {
        var name: String
        var keyStart: Int
        var valueStart: Int
        var valueEnd: Int
    }

    static func of(_ bytes: [UInt8]) -> [Member] {
        var members: [Member] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "\"") else {
                i += 1
                continue
            }
            let end = stringEnd(bytes, i)
            if end < bytes.count, bytes[end] == UInt8(ascii: ":") {
                let name = String(decoding: bytes[(i + 1)..<(end - 1)], as: UTF8.self)
                members.append(Member(name: name, keyStart: i, valueStart: end + 1, valueEnd: valueEnd(bytes, end + 1)))
            }
            i = end
        }
        return members
    }

    /// The index just after the string opening at `start`.
    static func stringEnd(_ bytes: [UInt8], _ start: Int) -> Int {
        var i = start + 1
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if bytes[i] == UInt8(ascii: "\"") { return i + 1 }
            i += 1
        }
        return bytes.count
    }

    static func valueEnd(_ bytes: [UInt8], _ start: Int) -> Int {
        var i = start
        var depth = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                i = stringEnd(bytes, i)
                if depth == 0 { return i }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return i }
                depth -= 1
                if depth == 0 { return i + 1 }
            case UInt8(ascii: ","):
                if depth == 0 { return i }
            default:
                break
            }
            i += 1
        }
        return bytes.count
    }
}
