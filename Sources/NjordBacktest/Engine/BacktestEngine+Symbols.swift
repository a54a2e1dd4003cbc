import NjordCore
public import NjordStrategies

/// A run over several symbols: the result, the merged bars in replay order (the equity curve's
/// rows) and each row's symbol.
public struct MultiSymbolRun: Sendable {
    public var result: BacktestResult
    public var timeline: BarSeries
    public var rowSymbols: [String]
}

extension BacktestEngine {
    /// Runs a copy of `strategy` per symbol over several symbols' bars, replayed one bar at a time
    /// in ``BarMerge`` order (by time, ties by symbol name), from one shared cash account.
    ///
    /// Each symbol has its own kernel (intents named `<strategyId>-<SYMBOL>-<n>` when there is more
    /// than one symbol, risk engine, matching engine, position) and its own strategy context; a bar
    /// of a symbol runs on that symbol's kernel exactly as ``run(_:bars:)`` would, with the shared
    /// cash less what the other symbols' resting buys hold. A symbol's fills happen only on its own
    /// bars, so the cash handed back is exact. Fills carry their symbol and the shared cash after
    /// them; orders run in the order they ended (those open at the end last, by symbol name).
    /// `finalPosition` and `lastClose` of the result are zero when there is more than one symbol;
    /// `finalEquity` is the cash plus each position at its symbol's last close (half-even).
    public func run<S: Strategy>(_ strategy: S, symbols: [SymbolBars]) -> MultiSymbolRun {
        let clock = SystemClock()
        let started = clock.monotonicNanoseconds()
        let order = BarMerge.order(symbols)
        let named = symbols.indices.sorted {
            Array(symbols[$0].symbol.utf8).lexicographicallyPrecedes(symbols[$1].symbol.utf8)
        }
        var kernels = symbols.map { entry in
            var perSymbol = config
            perSymbol.symbol = entry.symbol
            if symbols.count > 1 { perSymbol.strategyId = "\(config.strategyId)-\(entry.symbol)" }
            return BacktestKernel(config: perSymbol)
        }
        var contexts: [StrategyContext?] = Array(repeating: nil, count: symbols.count)
        var strategies = Array(repeating: strategy, count: symbols.count)
        var cash = config.cash
        var fills: [BacktestFill] = []
        var orders: [BacktestOrder] = []
        var timeline = BarSeries()
        timeline.reserveCapacity(order.count)
        var rowSymbols: [String] = []
        rowSymbols.reserveCapacity(order.count)
        var lastClose = [Fixed](repeating: .zero, count: symbols.count)
        var one = BarSeries()
        for (index, step) in order.enumerated() {
            let s = step.series
            let bars = symbols[s].bars
            let j = step.bar
            one.removeAll()
            one.append(
                time: bars.times[j], open: bars.open[j], high: bars.high[j], low: bars.low[j], close: bars.close[j],
                volume: bars.volume[j])
            timeline.append(
                time: bars.times[j], open: bars.open[j], high: bars.high[j], low: bars.low[j], close: bars.close[j],
                volume: bars.volume[j])
            rowSymbols.append(symbols[s].symbol)
            // The other symbols' resting buys hold cash this symbol must not spend.
            var others = Fixed.zero
            for t in kernels.indices where t != s { others += kernels[t].reservedCash }
            kernels[s].cash = cash - others
            var context = contexts[s] ?? BacktestEngine.context(config: kernels[s].config, firstTime: bars.times[j])
            BacktestEngine.replay(one, offset: index, kernel: &kernels[s], context: &context, strategy: &strategies[s])
            contexts[s] = context
            cash = kernels[s].cash + others
            for var fill in kernels[s].fills {
                fill.symbol = symbols[s].symbol
                fill.cashAfter += others
                fills.append(fill)
            }
            kernels[s].fills.removeAll(keepingCapacity: true)
            orders.append(contentsOf: kernels[s].orders)
            kernels[s].orders.removeAll(keepingCapacity: true)
            lastClose[s] = Fixed(raw: Int128(bars.close[j]))
        }
        var marked = cash
        for s in named {
            kernels[s].finishOrders()
            orders.append(contentsOf: kernels[s].orders)
            marked += (try? kernels[s].position.multiplied(by: lastClose[s], rounding: .toNearestOrEven)) ?? .max
        }
        let runSeconds = Double(clock.monotonicNanoseconds() - started) / 1e9
        let entries = fills.reduce(0) { $0 + ($1.side == .buy ? 1 : 0) }
        let single = symbols.count == 1
        var result = BacktestResult(
            bars: order.count, fills: fills, entries: entries, exits: fills.count - entries,
            rejectedOrders: kernels.reduce(0) { $0 + $1.rejectedOrders },
            unfilledAtEnd: kernels.reduce(0) { $0 + $1.unfilled }, startingCash: config.cash, finalCash: cash,
            finalPosition: single ? kernels[0].position : .zero, lastClose: single ? lastClose[0] : .zero,
            finalEquity: marked, runSeconds: runSeconds)
        result.riskDenied = kernels.reduce(0) { $0 + $1.riskDenied }
        result.firstRiskDenial = named.lazy.compactMap { kernels[$0].firstDenial }.first
        result.expiredOrders = kernels.reduce(0) { $0 + $1.expiredOrders }
        result.orders = orders
        return MultiSymbolRun(result: result, timeline: timeline, rowSymbols: rowSymbols)
    }
}
