import NjordCore
import Testing

@testable import NjordApp

/// `pnl_today`'s baseline: the equity at the last UTC midnight, kept as snapshots pass and rebuilt
/// from journaled snapshots.
@Suite struct DayOpenEquityTests {
    /// 2024-08-09T00:00:00Z plus `seconds`.
    static func at(_ seconds: Int64) -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: (1_723_161_600 + seconds) * 1_000_000_000)
    }

    @Test func aFirstDayCountsFromTheStartingEquity() {
        var days = DayOpenEquity()
        #expect(
            days.record(scope: "portfolio", equity: Fixed(10_010), at: Self.at(60), startingEquity: Fixed(10_000))
                == Fixed(10))
        #expect(
            days.record(scope: "portfolio", equity: Fixed(9_990), at: Self.at(120), startingEquity: Fixed(10_000))
                == Fixed(-10))
    }

    @Test func afterMidnightTheLastEquityBeforeItIsTheBaseline() {
        var days = DayOpenEquity()
        _ = days.record(scope: "portfolio", equity: Fixed(10_050), at: Self.at(86_399), startingEquity: Fixed(10_000))
        let today = days.record(
            scope: "portfolio", equity: Fixed(10_070), at: Self.at(86_401), startingEquity: Fixed(10_000))
        #expect(today == Fixed(20))
        // Later the same day the baseline stays.
        #expect(
            days.record(scope: "portfolio", equity: Fixed(10_040), at: Self.at(90_000), startingEquity: Fixed(10_000))
                == Fixed(-10))
    }

    @Test func scopesHaveTheirOwnBaselines() {
        var days = DayOpenEquity()
        _ = days.record(scope: "sma_btc", equity: Fixed(5), at: Self.at(10), startingEquity: .zero)
        #expect(
            days.record(scope: "portfolio", equity: Fixed(10_005), at: Self.at(10), startingEquity: Fixed(10_000))
                == Fixed(5))
        #expect(days.record(scope: "sma_btc", equity: Fixed(7), at: Self.at(86_410), startingEquity: .zero) == Fixed(2))
    }

    @Test func aJournaledPnlTodayRestoresTheBaselineExactly() {
        var days = DayOpenEquity()
        days.restore(scope: "portfolio", equity: Fixed(10_030), pnlToday: Fixed(12), at: Self.at(86_400 + 50))
        #expect(
            days.record(
                scope: "portfolio", equity: Fixed(10_040), at: Self.at(86_400 + 60), startingEquity: Fixed(10_000))
                == Fixed(22))
    }

    @Test func aRestartOnALaterDayUsesTheLastJournaledEquityBeforeMidnight() {
        var days = DayOpenEquity()
        days.restore(scope: "portfolio", equity: Fixed(10_030), pnlToday: Fixed(30), at: Self.at(3_600))
        days.restore(scope: "portfolio", equity: Fixed(10_045), pnlToday: Fixed(45), at: Self.at(7_200))
        // Down over midnight; back two days later.
        #expect(
            days.record(
                scope: "portfolio", equity: Fixed(10_050), at: Self.at(2 * 86_400 + 5), startingEquity: Fixed(10_000))
                == Fixed(5))
    }

    @Test func journalsWithoutPnlTodayStillGiveABaseline() {
        var days = DayOpenEquity()
        days.restore(scope: "portfolio", equity: Fixed(10_020), pnlToday: nil, at: Self.at(100))
        #expect(
            days.record(scope: "portfolio", equity: Fixed(10_025), at: Self.at(200), startingEquity: Fixed(10_000))
                == Fixed(5))
    }
}
