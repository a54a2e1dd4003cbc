public import NjordCore

/// Builds exact OHLCV bars of one interval and symbol from trades. A bar covers
/// `[openTime, openTime + interval)` on the interval's grid from the epoch; it is finished when
/// time reaches its end (``close(at:)``). Intervals without trades make no bar.
public struct BarAggregator: Sendable, Hashable {
    public let interval: BarInterval
    /// The bar being built; nil before the first trade and after a close until the next.
    public private(set) var current: Bar?
    /// Trades older than the bar being built (or than one already finished): not in any bar.
    public private(set) var lateTrades = 0
    private var finishedUpTo: Int64 = .min

    public init(interval: BarInterval) { self.interval = interval }

    /// The open time of the bar holding `time`.
    public func openTime(of time: Timestamp) -> Timestamp {
        let t = time.nanosecondsSinceEpoch, step = interval.nanoseconds
        let floor = t >= 0 ? t - t % step : t - ((t % step) + step) % step
        return Timestamp(nanosecondsSinceEpoch: floor)
    }

    /// Adds a trade at `time`. The caller closes the bar first when time has passed its end;
    /// a trade belonging to an earlier bar is counted as late and left out.
    public mutating func add(_ trade: Trade, at time: Timestamp) {
        let open = openTime(of: time)
        if open.nanosecondsSinceEpoch < finishedUpTo {
            lateTrades += 1
            return
        }
        if var bar = current {
            guard open == bar.openTime else {
                // The caller did not close the previous bar: only an older trade can land here.
                lateTrades += 1
                return
            }
            bar.high = max(bar.high, trade.price)
            bar.low = min(bar.low, trade.price)
            bar.close = trade.price
            bar.volume = bar.volume + trade.qty
            bar.trades += 1
            current = bar
        } else {
            current = Bar(
                venue: trade.venue, symbol: trade.symbol, interval: interval, openTime: open, open: trade.price,
                high: trade.price, low: trade.price, close: trade.price, volume: trade.qty, trades: 1)
        }
    }

    /// The bar being built, finished, when `time` is at or past its end.
    public mutating func close(at time: Timestamp) -> Bar? {
        guard let bar = current else { return nil }
        let end = bar.openTime.nanosecondsSinceEpoch + interval.nanoseconds
        guard time.nanosecondsSinceEpoch >= end else { return nil }
        current = nil
        finishedUpTo = end
        return bar
    }
}
