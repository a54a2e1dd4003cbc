import NjordBacktest
import NjordCore
import NjordStrategies
import Testing

/// Submits the scripted orders at the scripted bar indices.
private struct Script: Strategy {
    var orders: [Int: StrategyOrder]
    var index = 0

    mutating func onBar(_ bar: StrategyBar, context: inout StrategyContext) {
        if let order = orders[index] { context.submit(order) }
        index += 1
    }

    mutating func onFill(_ fill: StrategyFill, context: inout StrategyContext) {}
}

/// Two trades over six 12-hour bars (three UTC days), no fees, 1000 cash:
/// buy 100 @ 10 (bar 1), sell 100 @ 20 (bar 2): +1000 on 1000; buy 50 @ 20 (bar 3), sell 50 @ 10
/// (bar 4): −500 on 1000. Closes 10, 11, 20, 20, 10, 10.
private func twoTrades() -> (BacktestResult, BarSeries) {
    let rows: [(open: Int64, close: Int64)] = [(10, 10), (10, 11), (20, 20), (20, 20), (10, 10), (10, 10)]
    var bars = BarSeries()
    for (i, row) in rows.enumerated() {
        let o = row.open * 100_000_000
        let c = row.close * 100_000_000
        bars.append(time: Int64(i) * 43_200_000_000_000, open: o, high: max(o, c), low: min(o, c), close: c, volume: 0)
    }
    let buy = StrategyOrder(side: .buy, size: .quoteAmount(Fixed(1000)), reason: "test")
    func sell(_ q: Int) -> StrategyOrder { StrategyOrder(side: .sell, size: .quantity(Fixed(q)), reason: "test") }
    var script = Script(orders: [0: buy, 1: sell(100), 2: buy, 3: sell(50)])
    let result = BacktestEngine(config: BacktestConfig(cash: Fixed(1000), feeRate: .zero)).run(&script, bars: bars)
    return (result, bars)
}

@Suite struct BacktestMetricsTests {
    @Test func dailyEquityIsEachUTCDaysLastBarAndTheFirstReturnIsAgainstTheStartingCash() {
        let (result, bars) = twoTrades()
        let daily = BacktestAnalysis(result: result, bars: bars).daily
        #expect(daily.days == [0, 1, 2])
        #expect(daily.equity == [Fixed(1100), Fixed(2000), Fixed(1500)])
        #expect(daily.returns == [0.1, 900.0 / 1100.0, -0.25])
        #expect(DailyEquity.dateText(ofDay: 1) == "1970-01-02")
        #expect(DailyEquity.day(of: -1) == -1)
    }

    @Test func tradeStatisticsComeFromClosedRoundTrips() {
        let (result, bars) = twoTrades()
        let analysis = BacktestAnalysis(result: result, bars: bars)
        #expect(analysis.trips.map(\.profit) == [Fixed(1000), Fixed(-500)])
        let m = analysis.metrics
        #expect(m.trades == 2)
        #expect(m.winRate == 0.5)
        #expect(m.profitFactor == 2)
        #expect(m.avgWin == 1 && m.avgLoss == -0.5)
    }

    @Test func exposureAndTurnoverFollowTheBarsAndTheTradedNotional() {
        let (result, bars) = twoTrades()
        let m = BacktestAnalysis(result: result, bars: bars).metrics
        // Bars 1 and 3 end holding; equities 1000, 1100, 2000, 2000, 1500, 1500.
        #expect(m.exposure == 2.0 / 6.0)
        #expect(abs(m.turnover - 4500 / (9100.0 / 6)) < 1e-12)
        #expect(m.totalReturn == 0.5)
        #expect(abs(m.maxDrawdown - -0.25) < 1e-12 && m.maxDrawdownDays == 1)
    }

    @Test func undefinedMetricsAreWrittenAsJSONNull() {
        let (result, bars) = twoTrades()
        var m = BacktestAnalysis(result: result, bars: bars).metrics
        m.sharpe = .nan
        m.sortino = .infinity
        let json = m.json()
        #expect(json.contains("\"sharpe\":null") && json.contains("\"sortino\":null"))
        #expect(json.contains("\"trades\":2,") || json.hasSuffix("\"trades\":2}"))
        #expect(BacktestMetrics.jsonNumber(0.1) == "0.1" && BacktestMetrics.jsonNumber(-.infinity) == "null")
    }

    @Test func metricsJSONCarriesEveryDocumentedKeyInOrder() {
        let (result, bars) = twoTrades()
        let keys = BacktestAnalysis(result: result, bars: bars).metrics.keyedValues.map(\.key)
        #expect(
            keys == [
                "total_return", "cagr", "volatility", "sharpe", "sortino", "max_drawdown", "max_drawdown_days",
                "calmar", "win_rate", "profit_factor", "avg_win", "avg_loss", "exposure", "turnover", "trades",
            ])
    }
}
