import NjordCore

/// Joins the out-of-sample runs of a walk-forward into one run, as if one account had traded them
/// in turn. Each window after the first must have started with the previous window's final
/// equity as its cash (the caller runs them in order); a position still open at the end of a
/// window (not the last) is closed at that window's last close without a fee — the mark the final
/// equity was taken at — by a fill added here, so cash, position and the equity curve carry over
/// exactly. The last window's position stays open and marked, as in any run.
public struct WalkForwardStitch: Sendable {
    public var result: BacktestResult
    public var bars: BarSeries
    /// The fills added to close a window's open position at its end.
    public var windowCloses: Int

    /// `windows` in time order, each with the bars it ran on; at least one.
    public init(windows: [(result: BacktestResult, bars: BarSeries)]) {
        precondition(!windows.isEmpty, "a walk-forward has at least one window")
        var stitched = windows[0].result
        var bars = BarSeries()
        bars.reserveCapacity(windows.reduce(0) { $0 + $1.bars.count })
        var fills: [BacktestFill] = []
        var orders: [BacktestOrder] = []
        var closes = 0
        for (k, window) in windows.enumerated() {
            let offset = bars.count
            let last = window.bars.count - 1
            for i in 0..<window.bars.count {
                bars.append(
                    time: window.bars.times[i], open: window.bars.open[i], high: window.bars.high[i],
                    low: window.bars.low[i], close: window.bars.close[i], volume: window.bars.volume[i])
            }
            bars.roundedVolumes += window.bars.roundedVolumes
            for var fill in window.result.fills {
                fill.barIndex += offset
                fills.append(fill)
            }
            // Each window's orders in turn (their client order ids restart with each window's run).
            for var order in window.result.orders {
                order.barIndex += offset
                orders.append(order)
            }
            let r = window.result
            if k < windows.count - 1, !r.finalPosition.isZero, last >= 0 {
                fills.append(
                    BacktestFill(
                        barIndex: offset + last, time: Timestamp(nanosecondsSinceEpoch: window.bars.times[last]),
                        side: r.finalPosition.isPositive ? .sell : .buy, price: r.lastClose,
                        quantity: r.finalPosition.isPositive ? r.finalPosition : .zero - r.finalPosition,
                        notional: r.finalPosition.isPositive
                            ? r.finalEquity - r.finalCash : r.finalCash - r.finalEquity,
                        fee: .zero, cashAfter: r.finalEquity, positionAfter: .zero))
                closes += 1
            }
            if k > 0 {
                stitched.entries += r.entries
                stitched.exits += r.exits
                stitched.rejectedOrders += r.rejectedOrders
                stitched.unfilledAtEnd += r.unfilledAtEnd
                stitched.runSeconds += r.runSeconds
            }
        }
        let final = windows[windows.count - 1].result
        stitched.bars = bars.count
        stitched.fills = fills
        stitched.orders = orders
        stitched.startingCash = windows[0].result.startingCash
        stitched.finalCash = final.finalCash
        stitched.finalPosition = final.finalPosition
        stitched.lastClose = final.lastClose
        stitched.finalEquity = final.finalEquity
        result = stitched
        self.bars = bars
        windowCloses = closes
    }
}
