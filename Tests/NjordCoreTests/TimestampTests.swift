import Testing

@testable import NjordCore

@Suite struct TimestampTests {
    @Test func iso8601RoundTripsAndNamesTheUtcDay() throws {
        let t = Timestamp(millisecondsSinceEpoch: 1_723_161_905_800)
        #expect(t.iso8601 == "2024-08-09T00:05:05.800Z")
        #expect(t.utcDate == "2024-08-09")
        #expect(Timestamp(iso8601: "2024-08-09T00:05:05.800Z") == t)
        #expect(Timestamp(iso8601: "1969-12-31T23:59:59.000Z")?.utcDate == "1969-12-31")
        #expect(Timestamp(iso8601: "2024-13-01T00:00:00Z") == nil)
        #expect(Timestamp(iso8601: "2024-08-09 00:00:00Z") == nil)
    }

    @Test func civilDaysAgreeBothWaysOverFourHundredYears() {
        for day in stride(from: Int64(-146_097), to: 146_097, by: 37) {
            let (y, m, d) = CivilDate.fromDays(day)
            #expect(CivilDate.toDays(y, m, d) == day)
        }
    }

    @Test func manualClockMovesOnlyWhenTold() {
        let clock = ManualClock(start: Timestamp(nanosecondsSinceEpoch: 1_000))
        #expect(clock.now().nanosecondsSinceEpoch == 1_000)
        clock.advance(nanoseconds: 500)
        #expect(clock.now().nanosecondsSinceEpoch == 1_500)
        #expect(clock.monotonicNanoseconds() == 500)
    }
}
