import NjordBacktest
import NjordCore
import NjordStrategies
import NjordTestSupport
import Testing

/// ReturnStatistics against empyrical (annualization 365) on the committed fixtures.
@Suite struct ReturnStatisticsTests {
    @Test func everyFixtureAgreesWithEmpyricalToOneBillionth() throws {
        let cases = try MetricsFixtures.cases()
        #expect(cases.count >= 8)
        for c in cases {
            let actual: [String: Double] = [
                "sharpe": ReturnStatistics.sharpe(c.returns),
                "sortino": ReturnStatistics.sortino(c.returns),
                "max_drawdown": ReturnStatistics.maxDrawdown(c.returns).fraction,
                "annual_return": ReturnStatistics.annualReturn(c.returns),
                "annual_volatility": ReturnStatistics.annualVolatility(c.returns),
            ]
            #expect(Set(actual.keys) == Set(c.expected.keys), "\(c.name)")
            for (key, expected) in c.expected {
                let value = try #require(actual[key])
                #expect(MetricsFixtures.agree(value, expected), "\(c.name) \(key): \(value) vs empyrical \(expected)")
            }
        }
    }

    /// The fixtures' real series are the daily returns this code computes for those runs, bit for bit.
    @Test func theRealRunsDailyReturnsAreTheFixturesSeries() throws {
        let bars = try BarCSVReader.read(path: SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv").path)
        let real = try MetricsFixtures.cases().filter { $0.name.hasPrefix("ftx45k-") }
        #expect(real.count == 2)
        for (name, params) in [
            ("ftx45k-sma_cross-10-50", "fast=10,slow=50"), ("ftx45k-sma_cross-30-120", "fast=30,slow=120"),
        ] {
            let fixture = try #require(real.first { $0.name == name })
            let result = try BacktestRunner.run(
                strategy: SmaCross.name, parameters: StrategyParameters(parsing: params), bars: bars,
                config: BacktestConfig(cash: Fixed(100_000), feeRate: try Fixed("0.001")))
            let analysis = BacktestAnalysis(result: result, bars: bars)
            #expect(analysis.daily.returns == fixture.returns, "\(name)")
            #expect(MetricsFixtures.agree(analysis.metrics.sharpe, try #require(fixture.expected["sharpe"])))
            #expect(MetricsFixtures.agree(analysis.metrics.cagr, try #require(fixture.expected["annual_return"])))
        }
    }

    @Test func drawdownDurationRunsFromThePeakToTheFirstDayBackAtIt() {
        // 100 → 101 (peak, day 1) → 80.8 → 72.72 (trough) → … → 102.8 on day 7.
        let recovered = ReturnStatistics.maxDrawdown([0.01, -0.2, -0.1, 0.05, 0.1, 0.2, 0.02, -0.01])
        #expect(recovered.periods == 6)
        #expect(MetricsFixtures.agree(recovered.fraction, 72.72 / 101 - 1))
    }

    @Test func anUnrecoveredDrawdownLastsToTheLastDayFromTheLatestPeak() {
        // A flat first day is at the peak, so the count starts there.
        #expect(ReturnStatistics.maxDrawdown([0, -0.1, 0.05]).periods == 2)
        let rising = ReturnStatistics.maxDrawdown([0.01, 0.02])
        #expect(rising.fraction == 0 && rising.periods == 0)
    }

    @Test func calmarIsUndefinedWithoutADrawdown() {
        #expect(ReturnStatistics.calmar([0.01, 0.02]).isNaN)
        let r = [0.01, -0.05, 0.02]
        #expect(
            MetricsFixtures.agree(
                ReturnStatistics.calmar(r),
                ReturnStatistics.annualReturn(r) / abs(ReturnStatistics.maxDrawdown(r).fraction)))
    }
}
