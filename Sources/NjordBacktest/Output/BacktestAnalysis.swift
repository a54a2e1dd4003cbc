/// Everything derived from a finished run for its outputs: the equity curve, daily equity and
/// returns, closed trades and metrics. Computed after the replay, never inside it, by the same
/// ``BacktestRecorder`` fold a streamed run records with.
public struct BacktestAnalysis: Sendable {
    public let curve: EquityCurve
    public let daily: DailyEquity
    public let trips: [RoundTrip]
    public let metrics: BacktestMetrics

    /// `rowSymbols`: the symbol of each bar, for a run over several symbols (`bars` is then the
    /// merged timeline, ``BacktestEngine/run(_:symbols:)``).
    public init(result: BacktestResult, bars: BarSeries, rowSymbols: [String]? = nil) {
        var recorder = BacktestRecorder(startingCash: result.startingCash)
        curve = EquityCurve(recording: &recorder, bars: bars, fills: result.fills, rowSymbols: rowSymbols)
        daily = recorder.daily
        trips = recorder.tally.trips
        metrics = BacktestMetrics(
            startingCash: result.startingCash, finalEquity: result.finalEquity, daily: recorder.daily,
            tally: recorder.tally, marker: recorder.marker)
    }
}
