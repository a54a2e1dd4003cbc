import Testing

@testable import NjordCore

@Suite struct DateTimeTextTests {
    /// The bar-file form of `ns`, through the formatter under test.
    static func formatted(_ ns: Int64) -> String {
        var out: [UInt8] = []
        DateTimeText.formatDateTime(ns, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func formattedTimesNameTheSameDayAsTimestampAndParseBackToTheMicrosecond() {
        // Every ~7.3 days across 1970–2100, at an odd time of day: month, leap-year and
        // century boundaries all pass under the digit formatter.
        var ns: Int64 = 37_296_123_456_789
        while ns < 4_102_444_800_000_000_000 {
            let text = Self.formatted(ns)
            #expect(text.hasPrefix(Timestamp(nanosecondsSinceEpoch: ns).utcDate + " "), "\(text)")
            let parsed = Array(text.utf8).withUnsafeBufferPointer { DateTimeText.parseDateTime($0) }
            #expect(parsed == ns / 1000 * 1000, "\(text)")
            ns += 631_234_567_891_011
        }
    }

    @Test func aKnownInstantIsWrittenInTheBarFilesForm() {
        #expect(Self.formatted(1_723_161_254_087_896_568) == "2024-08-08 23:54:14.087896")
        #expect(Self.formatted(0) == "1970-01-01 00:00:00.000000")
    }
}
