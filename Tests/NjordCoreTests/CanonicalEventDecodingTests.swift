import Foundation
import Testing

@testable import NjordCore

/// The canonical fast path (``EventEnvelope/canonical(_:)``) must agree with the general reader:
/// whatever it accepts, the general reader accepts as the same event, and everything else falls
/// through to the general reader and its field-naming errors.
@Suite struct CanonicalEventDecodingTests {
    static func decodeBoth(_ bytes: [UInt8]) -> (canonical: EventEnvelope?, general: EventEnvelope?) {
        bytes.withUnsafeBufferPointer { buffer in
            (EventEnvelope.canonical(buffer), try? EventEnvelope.anyForm(buffer))
        }
    }

    @Test(arguments: EventType.allCases)
    func everyFixtureTakesTheCanonicalPathToTheSameEvent(_ type: EventType) throws {
        let line = try ContractFixtures.line(type)
        let (canonical, general) = Self.decodeBoth(line)
        let event = try #require(canonical, "the canonical fixture of \(type.rawValue) missed the fast path")
        #expect(event == general)
        #expect(event.encoded() == line)
    }

    @Test func nonCanonicalFormsFallBackToTheGeneralReader() throws {
        let line = String(decoding: try ContractFixtures.line(.trade), as: UTF8.self)
        let spaced = line.replacingOccurrences(of: ",\"src\":", with: ", \"src\" : ")
        let reordered =
            line.replacingOccurrences(of: "\"v\":1,", with: "").replacingOccurrences(
                of: "\"type\":\"md.trade\",", with: "\"type\":\"md.trade\",\"extra\":[1],") + ""
        let withVersionLast = reordered.dropLast() + ",\"v\":1}"
        for variant in [spaced, String(withVersionLast)] {
            let (canonical, general) = Self.decodeBoth(Array(variant.utf8))
            #expect(canonical == nil, "\(variant) took the canonical path")
            #expect(general == (try EventEnvelope(json: line)), "\(variant)")
            #expect((try? EventEnvelope(json: variant)) == general)
        }
    }

    @Test func errorsInCanonicalShapeStillNameTheirField() throws {
        let line = String(decoding: try ContractFixtures.line(.trade), as: UTF8.self)
        let bad = line.replacingOccurrences(of: "\"price\":\"", with: "\"price\":\"x")
        #expect(Self.decodeBoth(Array(bad.utf8)).canonical == nil)
        #expect {
            try EventEnvelope(json: bad)
        } throws: { error in
            (error as? ContractError)?.description.hasPrefix("data.price") == true
        }
    }

    @Test func seededMutationsNeverMakeTheTwoPathsDisagree() throws {
        var rng = SplitMix64(seed: 0x4E4A_4F52_4443_0002)
        let interesting: [UInt8] = Array("\"\\{}[],:0123456789-.eE+ ntfu".utf8) + [0, 0x80, 0xFF]
        var canonicalAccepted = 0
        for (type, line) in try ContractFixtures.all() {
            for _ in 0..<300 {
                var bytes = line
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                let value = interesting.randomElement(using: &rng) ?? 0
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[at] = value
                case 1: bytes.insert(value, at: at)
                default: bytes.remove(at: at)
                }
                let (canonical, general) = Self.decodeBoth(bytes)
                if let canonical {
                    canonicalAccepted += 1
                    #expect(canonical == general, "\(type.rawValue): \(String(decoding: bytes, as: UTF8.self))")
                }
            }
        }
        // Digit changes keep the shape canonical, so some mutations must have taken the fast path.
        #expect(canonicalAccepted > 0)
    }
}
