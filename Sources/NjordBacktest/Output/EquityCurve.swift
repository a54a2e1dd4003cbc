public import NjordCore

/// The account marked to market after every bar, in exact money: after the bar's fills,
/// cash + position × close (half-even to 10^-8), by ``EquityMarker``. Built after the replay from
/// the fills, so the engine's loop does no bookkeeping for reports. A streamed run never holds it:
/// its rows go straight to `equity.csv`.
public struct EquityCurve: Sendable {
    /// Bar open times, nanoseconds since the epoch.
    public private(set) var times: [Int64] = []
    public private(set) var equity: [Fixed] = []
    /// The fold that marked it (its exposure and mean-equity sums).
    public let marker: EquityMarker
    public let startingCash: Fixed

    /// Bars that ended holding a position.
    public var barsInPosition: Int { marker.barsInPosition }

    public init(result: BacktestResult, bars: BarSeries) {
        var recorder = BacktestRecorder(startingCash: result.startingCash, keepingTrips: 0)
        self.init(recording: &recorder, bars: bars, fills: result.fills)
    }

    /// The curve of `bars` and `fills`, recorded by `recorder` as it goes.
    init(
        recording recorder: inout BacktestRecorder, bars: BarSeries, fills: [BacktestFill], rowSymbols: [String]? = nil
    ) {
        var times: [Int64] = []
        var equity: [Fixed] = []
        times.reserveCapacity(bars.count)
        equity.reserveCapacity(bars.count)
        recorder.record(bars: bars, offset: 0, fills: fills, rowSymbols: rowSymbols) { time, value in
            times.append(time)
            equity.append(value)
        }
        self.times = times
        self.equity = equity
        marker = recorder.marker
        startingCash = recorder.daily.startingCash
    }

    public var count: Int { equity.count }
}
