/// Everything derived from a finished run for its outputs: the equity curve, daily equity and
/// returns, closed trades and metrics. Computed after the replay, never inside it.
public struct BacktestAnalysis: Sendable {
    public let curve: EquityCurve
    public let daily: DailyEquity
    public let trips: [RoundTrip]
    public let metrics: BacktestMetrics

    public init(result: BacktestResult, bars: BarSeries) {
        curve = EquityCurve(result: result, bars: bars)
        daily = DailyEquity(curve: curve)
        trips = RoundTrip.closed(in: result.fills)
        metrics = BacktestMetrics(result: result, curve: curve, daily: daily, trips: trips)
    }
}
