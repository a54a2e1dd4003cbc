public import NjordCore

/// The summary statistics of a run (Double: statistics, not money), defined in docs/METRICS.md.
/// Return statistics use the daily returns of ``DailyEquity``; trade statistics the closed
/// ``RoundTrip``s. Undefined values are NaN or ±infinity and are written as JSON `null`.
public struct BacktestMetrics: Hashable, Sendable {
    /// final equity / starting cash − 1.
    public var totalReturn: Double
    /// Compound annual growth over a 365-day year.
    public var cagr: Double
    /// Annualized sample standard deviation of daily returns (√365).
    public var volatility: Double
    public var sharpe: Double
    public var sortino: Double
    /// Worst fall of daily equity from its running peak, a negative fraction (0 when none).
    public var maxDrawdown: Double
    /// Days from that drawdown's peak to the first day back at or above it (or to the last day).
    public var maxDrawdownDays: Int
    /// cagr / |max drawdown|.
    public var calmar: Double
    /// Closed trades with a profit / closed trades.
    public var winRate: Double
    /// Σ profits of winners / |Σ losses of losers|.
    public var profitFactor: Double
    /// Mean return (profit / cost) of winning and losing trades.
    public var avgWin: Double
    public var avgLoss: Double
    /// Bars that ended holding a position / bars.
    public var exposure: Double
    /// Σ fill notional / mean bar equity.
    public var turnover: Double
    /// Closed round trips.
    public var trades: Int

    public init(result: BacktestResult, curve: EquityCurve, daily: DailyEquity, trips: [RoundTrip]) {
        self.init(
            startingCash: result.startingCash, finalEquity: result.finalEquity, daily: daily,
            tally: TradeTally(fills: result.fills, keeping: 0), marker: curve.marker)
    }

    /// From the online folds of a run (``DailyEquity``, ``TradeTally``, ``EquityMarker``), which a
    /// streamed run builds without holding its bars or fills.
    public init(startingCash: Fixed, finalEquity: Fixed, daily: DailyEquity, tally: TradeTally, marker: EquityMarker) {
        let start = startingCash.doubleValue
        totalReturn = start > 0 ? (finalEquity - startingCash).doubleValue / start : .nan
        let r = daily.returns
        cagr = ReturnStatistics.annualReturn(r)
        volatility = ReturnStatistics.annualVolatility(r)
        sharpe = ReturnStatistics.sharpe(r)
        sortino = ReturnStatistics.sortino(r)
        (maxDrawdown, maxDrawdownDays) = ReturnStatistics.maxDrawdown(r)
        calmar = ReturnStatistics.calmar(r)

        trades = tally.count
        winRate = tally.count == 0 ? .nan : Double(tally.wins) / Double(tally.count)
        profitFactor =
            tally.grossLoss < 0 ? tally.grossWin / -tally.grossLoss : (tally.grossWin > 0 ? .infinity : .nan)
        avgWin = tally.wins == 0 ? .nan : tally.winReturnSum / Double(tally.wins)
        avgLoss = tally.losses == 0 ? .nan : tally.lossReturnSum / Double(tally.losses)

        exposure = marker.bars > 0 ? Double(marker.barsInPosition) / Double(marker.bars) : .nan
        let meanEquity = marker.meanEquity
        turnover = meanEquity > 0 ? tally.traded / meanEquity : .nan
    }

    /// The JSON keys, in the documented order.
    public static let orderedKeys = [
        "total_return", "cagr", "volatility", "sharpe", "sortino", "max_drawdown", "max_drawdown_days", "calmar",
        "win_rate", "profit_factor", "avg_win", "avg_loss", "exposure", "turnover", "trades",
    ]

    /// The metrics under their JSON keys, in the documented order (counts as whole Doubles).
    public var keyedValues: [(key: String, value: Double)] {
        [
            ("total_return", totalReturn), ("cagr", cagr), ("volatility", volatility), ("sharpe", sharpe),
            ("sortino", sortino), ("max_drawdown", maxDrawdown), ("max_drawdown_days", Double(maxDrawdownDays)),
            ("calmar", calmar), ("win_rate", winRate), ("profit_factor", profitFactor), ("avg_win", avgWin),
            ("avg_loss", avgLoss), ("exposure", exposure), ("turnover", turnover), ("trades", Double(trades)),
        ]
    }

    /// One JSON object, keys in the documented order; `indent` nil gives one line.
    public func json(indent: String? = nil) -> String {
        let separator = indent.map { ",\n\($0)" } ?? ","
        let body = keyedValues.map { "\"\($0.key)\":\(indent == nil ? "" : " ")\(Self.jsonNumber($0.value))" }
            .joined(separator: separator)
        return indent.map { "{\n\($0)\(body)\n}" } ?? "{\(body)}"
    }

    /// A finite Double in Swift's shortest round-trip form (integers without a fraction), else `null`.
    public static func jsonNumber(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
