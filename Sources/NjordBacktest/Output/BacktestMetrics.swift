import NjordCore

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
        let start = result.startingCash.doubleValue
        totalReturn = start > 0 ? (result.finalEquity - result.startingCash).doubleValue / start : .nan
        let r = daily.returns
        cagr = ReturnStatistics.annualReturn(r)
        volatility = ReturnStatistics.annualVolatility(r)
        sharpe = ReturnStatistics.sharpe(r)
        sortino = ReturnStatistics.sortino(r)
        (maxDrawdown, maxDrawdownDays) = ReturnStatistics.maxDrawdown(r)
        calmar = ReturnStatistics.calmar(r)

        trades = trips.count
        let profits = trips.map { $0.profit.doubleValue }
        let wins = trips.filter { $0.profit.isPositive }
        let losses = trips.filter { !$0.profit.isPositive }
        winRate = trips.isEmpty ? .nan : Double(wins.count) / Double(trips.count)
        let grossWin = profits.filter { $0 > 0 }.reduce(0, +)
        let grossLoss = profits.filter { $0 < 0 }.reduce(0, +)
        profitFactor = grossLoss < 0 ? grossWin / -grossLoss : (grossWin > 0 ? .infinity : .nan)
        avgWin = ReturnStatistics.mean(wins.map(\.returnFraction))
        avgLoss = ReturnStatistics.mean(losses.map(\.returnFraction))

        exposure = curve.count > 0 ? Double(curve.barsInPosition) / Double(curve.count) : .nan
        let traded = result.fills.reduce(0.0) { $0 + $1.notional.doubleValue }
        let meanEquity = curve.equity.reduce(0.0) { $0 + $1.doubleValue } / Double(max(curve.count, 1))
        turnover = meanEquity > 0 ? traded / meanEquity : .nan
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
