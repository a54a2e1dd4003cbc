public import NjordCore
import NjordExecution
public import NjordMarketData
public import NjordStrategies

/// Replays trades from the store through a strategy on the shared kernel, with the book fill
/// model: the strategy sees bars of `interval` aggregated from the trades (a bar closes when the
/// first trade at or after its end arrives, or when the data ends; intervals without trades make
/// no bar), and decides at the bar's end; its orders go through the risk engine into the paper
/// trader's ``NjordExecution/PaperMatchingEngine``, which every trade then reaches — resting
/// limits fill by trade-through and touch, capped by the volume cap, in-flight orders arrive with
/// latency. The store has no book snapshots, so market orders meet a synthetic one-level book at
/// the last trade price (see ``BacktestKernel/quoteSyntheticBook(at:time:)``).
///
/// Trades are read a block at a time, day by day; only the aggregated bars (48 bytes each, for
/// the equity curve and reports) and the fills are kept. A trade costs no allocation while no
/// order is open.
public struct BacktestTickEngine: Sendable {
    public var config: BacktestConfig
    public var interval: BarInterval

    public init(config: BacktestConfig, interval: BarInterval = .oneSecond) {
        var config = config
        config.fillModel = .book
        self.config = config
        self.interval = interval
    }

    /// Runs `strategy` over the trades of `venue`/`symbol` in `[from, to)`; returns the result and
    /// the bars the strategy saw (the equity curve's rows).
    public func run<S: Strategy>(
        _ strategy: inout S, store: MarketDataStore, venue: String, symbol: String, from: Timestamp? = nil,
        to: Timestamp? = nil
    ) throws(BacktestDataError) -> (result: BacktestResult, bars: BarSeries) {
        let clock = SystemClock()
        let started = clock.monotonicNanoseconds()
        var replay = TickReplay(config: config, step: interval.nanoseconds)
        do {
            try store.forEachBlock(
                of: StoredTrade.self, venue: venue, symbol: symbol, kind: .trades, from: from, to: to
            ) { block in
                replay.consume(block, strategy: &strategy)
            }
        } catch {
            throw .store("\(error)")
        }
        guard replay.ticks > 0 else { throw .noBars(source: "store \(venue)/\(symbol)/trades") }
        replay.finish(strategy: &strategy)
        let runSeconds = Double(clock.monotonicNanoseconds() - started) / 1e9
        var result = replay.kernel.result(
            bars: replay.bars.count, lastClose: replay.lastPrice, runSeconds: runSeconds)
        result.ticks = replay.ticks
        result.unfilledAtEnd += replay.unsentAtEnd
        return (result, replay.bars)
    }
}

/// The state of one tick replay: the kernel, the bar being built, the bars closed so far.
struct TickReplay {
    var kernel: BacktestKernel
    var context: StrategyContext
    let step: Int64
    var bars = BarSeries()
    var ticks = 0
    var lastPrice = Fixed.zero
    var unsentAtEnd = 0
    private var building = false
    private var barStart: Int64 = 0
    private var barEnd: Int64 = 0
    private var open: Int128 = 0, high: Int128 = 0, low: Int128 = 0, close: Int128 = 0, volume: Int128 = 0

    init(config: BacktestConfig, step: Int64) {
        kernel = BacktestKernel(config: config)
        context = StrategyContext(
            position: .zero, cash: config.cash, filters: config.filters, time: Timestamp(nanosecondsSinceEpoch: 0))
        self.step = step
    }

    mutating func consume<S: Strategy>(_ block: UnsafeBufferPointer<StoredTrade>, strategy: inout S) {
        for trade in block {
            let t = trade.time.nanosecondsSinceEpoch
            let price = trade.price.raw
            if building, t >= barEnd { closeBar(strategy: &strategy, route: true) }
            if building {
                if price > high { high = price }
                if price < low { low = price }
                close = price
                volume += trade.qty.raw
            } else {
                building = true
                barStart = t >= 0 ? t - t % step : t - ((t % step) + step) % step
                barEnd = barStart + step
                open = price
                high = price
                low = price
                close = price
                volume = trade.qty.raw
            }
            lastPrice = trade.price
            ticks += 1
            if !kernel.matching.orders.isEmpty { meet(trade, strategy: &strategy) }
        }
    }

    /// One trade reaches the matching engine: resting orders it trades through or touches fill,
    /// orders in flight arrive; the synthetic book moves to its price while any are in flight.
    private mutating func meet<S: Strategy>(_ trade: StoredTrade, strategy: inout S) {
        let index = bars.count
        var actions = kernel.matching.onTrade(
            price: trade.price, quantity: trade.qty, aggressor: trade.side, at: trade.time)
        if kernel.matching.orders.contains(where: { !$0.isAccepted }) {
            actions += kernel.quoteSyntheticBook(at: trade.price, time: trade.time)
        }
        if !actions.isEmpty { kernel.apply(actions, strategy: &strategy, context: &context, barIndex: index) }
        if !context.orders.isEmpty || !context.cancels.isEmpty {
            kernel.drain(&strategy, &context, barIndex: index, time: trade.time, reference: trade.price)
        }
    }

    /// Closes the bar being built: it joins the series and the strategy sees it at its end time.
    /// With `route`, its orders are routed at that time (they fill during the next bar); at the end
    /// of the data they are counted as never sent.
    private mutating func closeBar<S: Strategy>(strategy: inout S, route: Bool) {
        building = false
        bars.append(
            time: barStart, open: Int64(truncatingIfNeeded: open), high: Int64(truncatingIfNeeded: high),
            low: Int64(truncatingIfNeeded: low), close: Int64(truncatingIfNeeded: close),
            volume: Int64(clamping: volume))
        let time = Timestamp(nanosecondsSinceEpoch: barEnd)
        kernel.update(&context, time: time)
        strategy.onBar(
            StrategyBar(
                time: Timestamp(nanosecondsSinceEpoch: barStart), open: Fixed(raw: open), high: Fixed(raw: high),
                low: Fixed(raw: low), close: Fixed(raw: close), volume: Fixed(raw: volume)),
            context: &context)
        guard !context.orders.isEmpty || !context.cancels.isEmpty else { return }
        if route {
            kernel.drain(&strategy, &context, barIndex: bars.count, time: time, reference: Fixed(raw: close))
        } else {
            unsentAtEnd += context.orders.count
            context.orders.removeAll()
            context.cancels.removeAll()
        }
    }

    /// Closes the last bar at the end of the data.
    mutating func finish<S: Strategy>(strategy: inout S) {
        if building { closeBar(strategy: &strategy, route: false) }
        kernel.finishOrders()
    }
}
