public import NjordCore

/// Folds a run's bars and fills, in order, into everything its outputs derive from — the equity
/// row of each bar (handed to `row`, never kept), the daily equity, the trade statistics and the
/// per-bar sums — so that a streamed run can be recorded chunk by chunk in memory that grows with
/// days, not bars. The in-memory analysis uses the same fold, so both write the same bytes.
public struct BacktestRecorder: Sendable {
    public private(set) var marker: EquityMarker
    public private(set) var daily: DailyEquity
    public private(set) var tally: TradeTally
    /// Fills of bars not recorded yet.
    private var pending: [BacktestFill] = []

    /// `keepingTrips`: closed trips kept in ``TradeTally/trips`` (the statistics count them all).
    public init(startingCash: Fixed, keepingTrips: Int = .max) {
        marker = EquityMarker(startingCash: startingCash)
        daily = DailyEquity(startingCash: startingCash)
        tally = TradeTally(keeping: keepingTrips)
    }

    /// Records the bars `offset..<offset + bars.count` and the fills made up to their end (in
    /// order): each bar's fills move the account before it is marked at its close.
    /// In a run over several symbols, `rowSymbols[i]` names the symbol of bar `i` of `bars`.
    public mutating func record(
        bars: BarSeries, offset: Int, fills: [BacktestFill], rowSymbols: [String]? = nil,
        row: (_ time: Int64, _ equity: Fixed) -> Void
    ) {
        for fill in fills { tally.add(fill) }
        let queue = pending.isEmpty ? fills : pending + fills
        var next = 0
        for i in 0..<bars.count {
            while next < queue.count, queue[next].barIndex <= offset + i {
                marker.apply(queue[next])
                next += 1
            }
            let close = Fixed(raw: Int128(bars.close[i]))
            let equity = rowSymbols.map { marker.mark(close: close, symbol: $0[i]) } ?? marker.mark(close: close)
            daily.add(time: bars.times[i], equity: equity)
            row(bars.times[i], equity)
        }
        pending = Array(queue[next...])
    }
}
