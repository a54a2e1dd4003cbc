import NjordCore
import NjordExecution
public import NjordStrategies

/// Replays bars through a strategy on the shared kernel (``BacktestKernel``: intents, risk,
/// fills) and the next-open fill model.
///
/// Per bar: first the market orders submitted on the previous bar fill at this bar's open; then
/// resting limit orders meet the bar's range in the paper matching engine, as two trades of the
/// bar's volume — its low (sell aggressor) and its high (buy aggressor), low first on a bar that
/// closes at or above its open, high first otherwise — so a buy limit fills when a later bar's low
/// is below it (trade-through) or, under the touch rule, equal to it; then the strategy sees the
/// bar with its updated position and cash and its orders are routed. Orders still waiting when the
/// bars end are counted as unfilled. The simulated time is the bar's open time; nothing in the
/// loop reads a wall clock, so two runs are identical. Without orders, a bar costs no allocation.
public struct BacktestEngine: Sendable {
    public var config: BacktestConfig

    public init(config: BacktestConfig) { self.config = config }

    public func run<S: Strategy>(_ strategy: inout S, bars: BarSeries) -> BacktestResult {
        let clock = SystemClock()
        let started = clock.monotonicNanoseconds()
        let n = bars.count
        var kernel = BacktestKernel(config: config)
        var context = Self.context(config: config, firstTime: n > 0 ? bars.times[0] : 0)
        Self.replay(bars, offset: 0, kernel: &kernel, context: &context, strategy: &strategy)
        kernel.finishOrders()
        let runSeconds = Double(clock.monotonicNanoseconds() - started) / 1e9
        let lastClose = n > 0 ? Fixed(raw: Int128(bars.close[n - 1])) : .zero
        return kernel.result(bars: n, lastClose: lastClose, runSeconds: runSeconds)
    }

    /// The strategy's context before the first bar.
    static func context(config: BacktestConfig, firstTime: Int64) -> StrategyContext {
        StrategyContext(
            position: .zero, cash: config.cash, filters: config.filters,
            time: Timestamp(nanosecondsSinceEpoch: firstTime))
    }

    /// Replays `bars` — the bars `offset..<offset + bars.count` of the run — on a kernel and context
    /// that carry over from the bars before them, so a run fed in chunks is the run fed whole.
    static func replay<S: Strategy>(
        _ bars: BarSeries, offset: Int, kernel: inout BacktestKernel, context: inout StrategyContext,
        strategy: inout S
    ) {
        let n = bars.count
        bars.times.withUnsafeBufferPointer { times in
            bars.open.withUnsafeBufferPointer { open in
                bars.high.withUnsafeBufferPointer { high in
                    bars.low.withUnsafeBufferPointer { low in
                        bars.close.withUnsafeBufferPointer { close in
                            bars.volume.withUnsafeBufferPointer { volume in
                                for i in 0..<n {
                                    let index = offset + i
                                    let time = Timestamp(nanosecondsSinceEpoch: times[i])
                                    let barOpen = Fixed(raw: Int128(open[i]))
                                    let barClose = Fixed(raw: Int128(close[i]))
                                    if !kernel.atNextOpen.isEmpty {
                                        kernel.fillAtOpen(
                                            open: barOpen, barIndex: index, time: time, strategy: &strategy,
                                            context: &context)
                                        // Orders submitted from onFill wait for the next bar's open too.
                                        kernel.drain(
                                            &strategy, &context, barIndex: index, time: time, reference: barOpen)
                                    }
                                    if !kernel.matching.orders.isEmpty {
                                        kernel.meetRange(
                                            low: Fixed(raw: Int128(low[i])), high: Fixed(raw: Int128(high[i])),
                                            volume: Fixed(raw: Int128(volume[i])), upBar: close[i] >= open[i],
                                            barIndex: index, time: time, strategy: &strategy, context: &context)
                                    }
                                    kernel.update(&context, time: time)
                                    strategy.onBar(
                                        StrategyBar(
                                            time: time, open: barOpen, high: Fixed(raw: Int128(high[i])),
                                            low: Fixed(raw: Int128(low[i])), close: barClose,
                                            volume: Fixed(raw: Int128(volume[i]))),
                                        context: &context)
                                    if !context.orders.isEmpty || !context.cancels.isEmpty {
                                        kernel.drain(
                                            &strategy, &context, barIndex: index, time: time, reference: barClose)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension BacktestKernel {
    /// A bar's range as two trades for the resting orders (see ``BacktestEngine``).
    mutating func meetRange<S: Strategy>(
        low: Fixed, high: Fixed, volume: Fixed, upBar: Bool, barIndex: Int, time: Timestamp, strategy: inout S,
        context: inout StrategyContext
    ) {
        for pass in 0..<2 where !matching.orders.isEmpty {
            let atLow = (pass == 0) == upBar
            let actions = matching.onTrade(
                price: atLow ? low : high, quantity: volume, aggressor: atLow ? .sell : .buy, at: time)
            if !actions.isEmpty { apply(actions, strategy: &strategy, context: &context, barIndex: barIndex) }
        }
        if !context.orders.isEmpty || !context.cancels.isEmpty {
            drain(&strategy, &context, barIndex: barIndex, time: time, reference: upBar ? high : low)
        }
    }

    /// The run's outcome; the open position is marked at `lastClose` (half-even), not closed out.
    func result(bars: Int, lastClose: Fixed, runSeconds: Double) -> BacktestResult {
        let marked = (try? position.multiplied(by: lastClose, rounding: .toNearestOrEven)) ?? .max
        let entries = fills.reduce(0) { $0 + ($1.side == .buy ? 1 : 0) }
        var result = BacktestResult(
            bars: bars, fills: fills, entries: entries, exits: fills.count - entries, rejectedOrders: rejectedOrders,
            unfilledAtEnd: unfilled, startingCash: config.cash, finalCash: cash, finalPosition: position,
            lastClose: lastClose, finalEquity: cash + marked, runSeconds: runSeconds)
        result.riskDenied = riskDenied
        result.firstRiskDenial = firstDenial
        result.expiredOrders = expiredOrders
        result.orders = orders
        return result
    }
}
