/// Summary statistics of a run (Double: statistics, not money). This first slice has the total
/// return and the trade count; drawdown, Sharpe and exposure come with the full metric set.
public struct BacktestMetrics: Hashable, Sendable {
    /// final equity / starting cash − 1.
    public var totalReturn: Double
    /// Round trips closed (filled sells that closed a position).
    public var trades: Int

    public init(result: BacktestResult) {
        let start = result.startingCash.doubleValue
        totalReturn = start > 0 ? result.finalEquity.doubleValue / start - 1 : 0
        trades = result.exits
    }
}
