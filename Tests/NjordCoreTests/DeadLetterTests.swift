import Foundation
import NjordCore
import Testing

struct DeadLetterTests {
    private func letter(_ payload: [UInt8]) -> DeadLetter {
        DeadLetter(
            origin: "orders:intents", reason: "v: unsupported version 2 (this build reads version 1)",
            kind: .unsupportedVersion, at: Timestamp(nanosecondsSinceEpoch: 1_723_161_300_001_000_000),
            consumer: "risk/risk-1", payload: payload)
    }

    @Test func utf8PayloadIsWrittenAsAnEscapedJSONStringInTheDocumentedKeyOrder() throws {
        let entry = letter(Array("{\"v\":2,\n\"x\":\"\u{1}\"".utf8))
        let text = String(decoding: entry.encoded(), as: UTF8.self)
        #expect(
            text
                == #"{"origin":"orders:intents","reason":"v: unsupported version 2 (this build reads version 1)","kind":"unsupported_version","at":1723161300001000000,"consumer":"risk/risk-1","encoding":"utf8","payload":"{\"v\":2,\u000a\"x\":\"\u0001\""}"#
        )
        #expect(try DeadLetter(json: entry.encoded()) == entry)
    }

    @Test func bytesThatAreNotUTF8TravelAsBase64AndComeBackExactly() throws {
        let entry = letter([0xFF, 0xFE, 0x00, 0x7B, 0xC0, 0x80])
        #expect(entry.payloadEncoding == .base64)
        let text = String(decoding: entry.encoded(), as: UTF8.self)
        #expect(text.hasSuffix(#""encoding":"base64","payload":"//4Ae8CA"}"#))
        #expect(try DeadLetter(json: entry.encoded()) == entry)
    }

    @Test func aDeadLetterWithAnUnknownKindOrEncodingIsRejectedNamingTheField() throws {
        var text = String(decoding: letter([0x41]).encoded(), as: UTF8.self)
        text = text.replacingOccurrences(of: "unsupported_version", with: "bogus")
        #expect(throws: ContractError.self) { try DeadLetter(json: Array(text.utf8)) }
        do {
            _ = try DeadLetter(json: Array(text.utf8))
        } catch {
            #expect(error.description.hasPrefix("kind: unknown value \"bogus\""))
        }
        let noPayload = #"{"origin":"o","reason":"r","kind":"too_deep","at":1,"consumer":"c","encoding":"utf8"}"#
        #expect(throws: ContractError.missingField(path: "payload")) { try DeadLetter(json: Array(noPayload.utf8)) }
    }

    @Test(arguments: [
        (ContractError.malformedJSON(path: "", offset: 0, reason: "x"), BadInputKind.malformedJSON),
        (.unknownType("md.trades"), .unknownType), (.unsupportedVersion(2), .unsupportedVersion),
        (.malformedInteger(path: "seq", reason: "x"), .malformedNumber), (.missingField(path: "id"), .missingField),
    ])
    func everyDecodingErrorHasAKind(_ error: ContractError, _ kind: BadInputKind) {
        #expect(BadInputKind(error) == kind)
    }
}
