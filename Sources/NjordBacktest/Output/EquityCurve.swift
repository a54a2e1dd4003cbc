public import NjordCore

/// The account marked to market after every bar, in exact money: after the bar's fills,
/// cash + position × close (half-even to 10^-8). Built after the replay from the fills, so the
/// engine's loop does no bookkeeping for reports.
public struct EquityCurve: Sendable {
    /// Bar open times, nanoseconds since the epoch.
    public private(set) var times: [Int64] = []
    public private(set) var equity: [Fixed] = []
    /// Bars that ended holding a position.
    public private(set) var barsInPosition = 0
    public let startingCash: Fixed

    public init(result: BacktestResult, bars: BarSeries) {
        startingCash = result.startingCash
        times = bars.times
        equity.reserveCapacity(bars.count)
        var cash = result.startingCash
        var position = Fixed.zero
        var next = 0
        for i in 0..<bars.count {
            while next < result.fills.count, result.fills[next].barIndex == i {
                cash = result.fills[next].cashAfter
                position = result.fills[next].positionAfter
                next += 1
            }
            let close = Fixed(raw: Int128(bars.close[i]))
            equity.append(cash + ((try? position.multiplied(by: close, rounding: .toNearestOrEven)) ?? .max))
            if !position.isZero { barsInPosition += 1 }
        }
    }

    public var count: Int { equity.count }
}
