import Foundation
import Logging
import NjordCore
import NjordLogging
import Testing

struct LogRecordTests {
    static let nasty = [
        "quote \" backslash \\ slash /", "newline\nreturn\rtab\t",
        "nul \u{0} bell \u{7} unit \u{1F} del \u{7F}",
        "emoji 🦀 and ünïcödé", "line sep \u{2028} para sep \u{2029}", "\\\"\\n literal escapes", "",
    ]

    func record(message: String, meta: Logger.Metadata = [:]) -> LogRecord {
        LogRecord(
            timestamp: Timestamp(millisecondsSinceEpoch: 1_723_161_905_800), level: .notice,
            service: "svc \"x\"",
            message: message, metadata: meta)
    }

    @Test(arguments: nasty)
    func nastyStringsSurviveAJSONRoundTrip(text: String) throws {
        let line = record(message: text, meta: [text: .string(text), "list": [.string(text)]]).ndjson
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["msg"] as? String == text)
        #expect(object["service"] as? String == "svc \"x\"")
        let meta = try #require(object["meta"] as? [String: Any])
        #expect(meta[text] as? String == text)
        #expect(meta["list"] as? [String] == [text])
    }

    @Test func controlCharactersUseShortOrUnicodeEscapes() {
        #expect(record(message: "a\u{0}b\u{1F}c\n").ndjson.contains(#""msg":"a\u0000b\u001fc\n""#))
    }

    @Test func humanLineIsOneLineWithLevelServiceMessageAndSortedMetadata() {
        let line = record(message: "filled\nnext", meta: ["qty": "1", "note": "two words", "a": "b"])
            .humanLine
        #expect(line == #"2024-08-09T00:05:05.800Z NOTICE svc "x": filled\nnext a=b note="two words" qty=1"#)
    }
}
