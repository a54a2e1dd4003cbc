import NjordBacktest
import NjordCore
import Testing

private func parse(_ text: String) throws(BacktestDataError) -> BarSeries {
    var bytes = Array(text.utf8)
    return try bytes.withUnsafeMutableBufferPointer { buffer throws(BacktestDataError) in
        try BarCSVReader.parse(UnsafeBufferPointer(buffer), source: "t.csv")
    }
}

private let header = "timestamp,open,high,low,close,volume\n"

@Test func barsAreParsedIntoRawColumns() throws {
    let bars = try parse(header + "2021-12-31 23:01:00.000000,46319.0,46385.0,46319.0,46377.0,2300413.7295\n")
    #expect(bars.count == 1)
    #expect(bars.close[0] == 4_637_700_000_000)
    #expect(Timestamp(nanosecondsSinceEpoch: bars.times[0]).iso8601 == "2021-12-31T23:01:00.000Z")
}

@Test func floatNoiseInVolumeIsRoundedHalfEvenAndCounted() throws {
    let bars = try parse(header + "2022-01-01 03:08:00,1,1,1,1,218102.59507500002\n")
    #expect(bars.volume[0] == 21_810_259_507_500)
    #expect(bars.roundedVolumes == 1)
}

@Test func aPriceWithTooManyDigitsFailsNamingTheLine() {
    #expect(
        throws: BacktestDataError.badRow(
            path: "t.csv", line: 3, reason: "close: decimal has more than 8 fractional digits")
    ) {
        try parse(header + "2022-01-01 00:00:00,1,1,1,1,1\n2022-01-01 00:01:00,1,1,1,1.000000001,1\n")
    }
}

@Test func malformedRowsAndOrderAreReported() {
    #expect(throws: BacktestDataError.badRow(path: "t.csv", line: 2, reason: "expected 6 fields, found 5")) {
        try parse(header + "2022-01-01 00:00:00,1,1,1,1\n")
    }
    #expect(throws: BacktestDataError.badRow(path: "t.csv", line: 2, reason: "bad timestamp")) {
        try parse(header + "2022-13-01 00:00:00,1,1,1,1,1\n")
    }
    #expect(throws: BacktestDataError.outOfOrder(path: "t.csv", line: 3)) {
        try parse(header + "2022-01-01 00:01:00,1,1,1,1,1\n2022-01-01 00:00:00,1,1,1,1,1\n")
    }
    #expect(throws: BacktestDataError.badHeader(path: "t.csv", found: "time,o")) { try parse("time,o\n") }
    #expect(throws: BacktestDataError.noBars(source: "t.csv")) { try parse(header) }
}

@Test func theFastFieldPathAgreesWithTheGeneralDecimalParserOnEveryShape() throws {
    var random = SplitMix64(seed: 7)
    var fields = ["0", "1", "46319", "46319.0", "0.00000001", "9999999999", "9999999999.99999999", "12.5"]
    for _ in 0..<2_000 {
        let whole = String(random.next() % 10_000_000_000)
        let digits = Int(random.next() % 9)
        let fraction = String((0..<digits).map { _ in Character(String(random.next() % 10)) })
        fields.append(digits == 0 ? whole : "\(whole).\(fraction)")
    }
    for field in fields {
        let bars = try parse(header + "2022-01-01 00:00:00,\(field),\(field),\(field),\(field),\(field)\n")
        let expected = try #require(BarSeries.rawInt64(try Fixed(field)))
        #expect(bars.open[0] == expected && bars.volume[0] == expected, "\(field)")
    }
}

@Test func fieldsOutsideTheFastPathAreStillReadOrNamed() throws {
    // 11 whole digits, 8 fraction digits and trailing zeros past 8 take the general parser.
    let bars = try parse(header + "2022-01-01 00:00:00,12345678901,1.00000000,1.1234567800,1,0.5\n")
    #expect(bars.open[0] == 1_234_567_890_100_000_000)
    #expect(bars.low[0] == 112_345_678)
    #expect(
        throws: BacktestDataError.badRow(
            path: "t.csv", line: 2, reason: "open: decimal is missing digits before or after the point")
    ) {
        try parse(header + "2022-01-01 00:00:00,1.,1,1,1,1\n")
    }
    #expect(throws: BacktestDataError.badRow(path: "t.csv", line: 2, reason: "high: out of range")) {
        try parse(header + "2022-01-01 00:00:00,1,-1,1,1,1\n")
    }
}

@Test func aMissingFileOrADirectoryIsUnreadableNamingThePath() {
    #expect(throws: BacktestDataError.unreadable(path: "/nonexistent/bars.csv", reason: "no such file or not readable"))
    {
        try BarCSVReader.read(path: "/nonexistent/bars.csv")
    }
    #expect(throws: BacktestDataError.unreadable(path: "/tmp", reason: "not a regular file")) {
        try BarCSVReader.read(path: "/tmp")
    }
}
