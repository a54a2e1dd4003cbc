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

    @Test func iso8601TextRoundTripsToTheMillisecondOnEitherSideOfTheEpoch() {
        // Before 1970 the fraction still counts forward from the second's start.
        #expect(Timestamp(nanosecondsSinceEpoch: -1_000_000).iso8601 == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp(nanosecondsSinceEpoch: 1_723_161_254_087_896_568).iso8601 == "2024-08-08T23:54:14.087Z")
        var ns: Int64 = -2_208_988_800_123_456_789
        while ns < 4_102_444_800_000_000_000 {
            let t = Timestamp(nanosecondsSinceEpoch: ns)
            var bytes: [UInt8] = Array("x".utf8)
            DateTimeText.formatISO8601(ns, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == "x" + t.iso8601)
            #expect(t.iso8601.hasPrefix(t.utcDate + "T"), "\(t.iso8601)")
            let millis = ns >= 0 ? ns / 1_000_000 : (ns - 999_999) / 1_000_000
            #expect(Timestamp(iso8601: t.iso8601) == Timestamp(millisecondsSinceEpoch: millis), "\(t.iso8601)")
            ns += 731_234_567_891_011
        }
    }
}
