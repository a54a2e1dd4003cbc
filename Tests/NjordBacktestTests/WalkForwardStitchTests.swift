import NjordBacktest
import NjordCore
import NjordStrategies
import Testing

@Suite struct WalkForwardStitchTests {
    /// A wave of closes with opens at the previous close: the crossover trades several times.
    static func wave(count: Int, phase: Double, start: Int64) -> BarSeries {
        var bars = BarSeries()
        var previous = Int64(10_000 * 100_000_000)
        for i in 0..<count {
            let close = Int64((10_000 + 500 * _sin(Double(i) / 7 + phase)) * 100) * 1_000_000
            bars.append(
                time: start + Int64(i) * 60_000_000_000, open: previous, high: max(previous, close),
                low: min(previous, close), close: close, volume: 100_000_000)
            previous = close
        }
        return bars
    }

    @Test func eachWindowStartsFromThePreviousFinalEquityAndTheCurveCarriesOverExactly() throws {
        let parameters = try StrategyParameters(parsing: "fast=2,slow=5")
        // The first window's length is the first from 120 bars on that ends holding a position.
        var n = 120
        var first = Self.wave(count: n, phase: 0, start: 0)
        var a = try BacktestRunner.run(
            strategy: "sma_cross", parameters: parameters, bars: first,
            config: BacktestConfig(cash: Fixed(100_000), feeRate: try Fixed("0.001")))
        while a.finalPosition.isZero && n < 200 {
            n += 1
            first = Self.wave(count: n, phase: 0, start: 0)
            a = try BacktestRunner.run(
                strategy: "sma_cross", parameters: parameters, bars: first,
                config: BacktestConfig(cash: Fixed(100_000), feeRate: try Fixed("0.001")))
        }
        let second = Self.wave(count: 90, phase: 1, start: Int64(n) * 60_000_000_000)
        let b = try BacktestRunner.run(
            strategy: "sma_cross", parameters: parameters, bars: second,
            config: BacktestConfig(cash: a.finalEquity, feeRate: try Fixed("0.001")))
        #expect(!a.finalPosition.isZero, "the first window should end holding, to exercise the close")

        let stitched = WalkForwardStitch(windows: [(a, first), (b, second)])
        #expect(stitched.bars.count == n + 90)
        #expect(stitched.windowCloses == 1)
        #expect(stitched.result.fills.count == a.fills.count + 1 + b.fills.count)
        #expect(stitched.result.startingCash == Fixed(100_000))
        #expect(stitched.result.finalEquity == b.finalEquity)
        #expect(stitched.result.entries == a.entries + b.entries)
        // Every window's orders, in turn, on the stitched bar indices.
        #expect(stitched.result.orders.count == a.orders.count + b.orders.count && !b.orders.isEmpty)
        #expect(stitched.result.orders[a.orders.count].barIndex == b.orders[0].barIndex + n)

        let curve = EquityCurve(result: stitched.result, bars: stitched.bars)
        let curveA = EquityCurve(result: a, bars: first)
        let curveB = EquityCurve(result: b, bars: second)
        #expect(curve.equity[0] == Fixed(100_000))
        #expect(Array(curve.equity[0..<n]) == curveA.equity)
        #expect(curve.equity[n - 1] == a.finalEquity)
        #expect(Array(curve.equity[n...]) == curveB.equity)
        let close = stitched.result.fills[a.fills.count]
        #expect(close.barIndex == n - 1 && close.fee == .zero && close.positionAfter == .zero)
        #expect(close.cashAfter == a.finalEquity && close.price == a.lastClose)
    }

    @Test func aSingleWindowIsItsOwnRun() throws {
        let bars = Self.wave(count: 100, phase: 0.5, start: 0)
        let run = try BacktestRunner.run(
            strategy: "sma_cross", parameters: try StrategyParameters(parsing: "fast=3,slow=8"), bars: bars,
            config: BacktestConfig(cash: Fixed(1000), feeRate: .zero))
        let stitched = WalkForwardStitch(windows: [(run, bars)])
        #expect(stitched.result.fills == run.fills && stitched.result.finalEquity == run.finalEquity)
        #expect(stitched.windowCloses == 0)
    }
}
