import NjordBacktest
import Testing

@Suite struct SweepMetricTests {
    @Test func higherIsBetterExceptForVolatilityDrawdownDaysAndTurnover() throws {
        #expect(try SweepMetric("sharpe").ranking([0.5, 2, nil, 1, .nan, 2]) == [1, 5, 3, 0, 2, 4])
        #expect(try SweepMetric("volatility").ranking([0.3, 0.1, .infinity, 0.2]) == [1, 3, 0, 2])
        #expect(try SweepMetric("max_drawdown").ranking([-0.3, -0.1]) == [1, 0])
    }

    @Test func unknownMetricsAreRefused() {
        #expect(throws: SweepError.unknownMetric("sharp")) { try SweepMetric("sharp") }
    }
}
