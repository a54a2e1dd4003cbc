public import NjordCore
public import NjordMarketData
public import NjordStrategies

/// Runs a strategy chosen by name from a ``NjordStrategies/StrategyRegistry`` (the standard one by
/// default): any registered kind. The sample strategies are cast back to their concrete types so
/// the engine is specialized for each (no existential in the replay loop); another kind runs
/// through its opened existential.
public enum BacktestRunner {
    /// The strategy names the standard registry knows, sorted.
    public static let strategyNames = StrategyRegistry.standard.kinds

    /// Bars through the bar engine (``BacktestEngine``).
    public static func run(
        strategy name: String, parameters: StrategyParameters, bars: BarSeries, config: BacktestConfig,
        registry: StrategyRegistry = .standard
    ) throws(StrategyError) -> BacktestResult {
        try withStrategy(name, parameters, registry, BarRun(engine: BacktestEngine(config: config), bars: bars))
    }

    /// Several symbols' bars merged by time (ties by symbol name) through the bar engine, one copy
    /// of the strategy per symbol and one shared cash account (``BacktestEngine/run(_:symbols:)``).
    public static func run(
        strategy name: String, parameters: StrategyParameters, symbols: [SymbolBars], config: BacktestConfig,
        registry: StrategyRegistry = .standard
    ) throws(StrategyError) -> MultiSymbolRun {
        try withStrategy(name, parameters, registry, MultiRun(engine: BacktestEngine(config: config), symbols: symbols))
    }

    /// Stored bars streamed through the bar engine in chunks (see
    /// ``BacktestEngine/run(_:store:venue:symbol:interval:from:to:chunkBars:sink:)``): `sink` gets
    /// each chunk with its fills and ended orders; the bars are never held whole.
    public static func runStore(
        strategy name: String, parameters: StrategyParameters, store: MarketDataStore, venue: String, symbol: String,
        interval: BarInterval, from: Timestamp? = nil, to: Timestamp? = nil, config: BacktestConfig,
        chunkBars: Int = BacktestEngine.defaultChunkBars, registry: StrategyRegistry = .standard,
        sink: (BacktestChunk) throws -> Void
    ) throws -> BacktestResult {
        try withoutActuallyEscaping(sink) { sink in
            let run = StoreBarRun(
                engine: BacktestEngine(config: config), store: store, venue: venue, symbol: symbol, interval: interval,
                from: from, to: to, chunkBars: chunkBars, sink: sink)
            return try withStrategy(name, parameters, registry, run).get()
        }
    }

    /// Trades from the store through the tick engine (``BacktestTickEngine``): the strategy on bars
    /// of `interval` aggregated from them, fills in the paper matching engine.
    public static func runTicks(
        strategy name: String, parameters: StrategyParameters, store: MarketDataStore, venue: String, symbol: String,
        from: Timestamp? = nil, to: Timestamp? = nil, interval: BarInterval = .oneSecond, config: BacktestConfig,
        registry: StrategyRegistry = .standard
    ) throws -> (result: BacktestResult, bars: BarSeries) {
        let run = TickRun(
            engine: BacktestTickEngine(config: config, interval: interval), store: store, venue: venue,
            symbol: symbol, from: from, to: to)
        return try withStrategy(name, parameters, registry, run).get()
    }

    /// Builds the strategy and hands it, as concrete a type as known, to `visitor`.
    static func withStrategy<V: StrategyVisitor>(
        _ name: String, _ parameters: StrategyParameters, _ registry: StrategyRegistry, _ visitor: V
    ) throws(StrategyError) -> V.Output {
        let built = try registry.make(kind: name, parameters: parameters)
        if var strategy = built as? SmaCross { return visitor.visit(&strategy) }
        if var strategy = built as? Bollinger { return visitor.visit(&strategy) }
        if var strategy = built as? Donchian { return visitor.visit(&strategy) }
        return opened(built, visitor)
    }

    private static func opened<S: Strategy, V: StrategyVisitor>(_ strategy: S, _ visitor: V) -> V.Output {
        var strategy = strategy
        return visitor.visit(&strategy)
    }
}

/// Something done with a strategy of any concrete type (Swift has no generic closures).
protocol StrategyVisitor {
    associatedtype Output
    func visit<S: Strategy>(_ strategy: inout S) -> Output
}

private struct BarRun: StrategyVisitor {
    let engine: BacktestEngine
    let bars: BarSeries
    func visit<S: Strategy>(_ strategy: inout S) -> BacktestResult { engine.run(&strategy, bars: bars) }
}

private struct MultiRun: StrategyVisitor {
    let engine: BacktestEngine
    let symbols: [SymbolBars]
    func visit<S: Strategy>(_ strategy: inout S) -> MultiSymbolRun { engine.run(strategy, symbols: symbols) }
}

private struct StoreBarRun: StrategyVisitor {
    let engine: BacktestEngine
    let store: MarketDataStore
    let venue: String
    let symbol: String
    let interval: BarInterval
    let from: Timestamp?
    let to: Timestamp?
    let chunkBars: Int
    let sink: (BacktestChunk) throws -> Void
    func visit<S: Strategy>(_ strategy: inout S) -> Result<BacktestResult, any Error> {
        Result {
            try engine.run(
                &strategy, store: store, venue: venue, symbol: symbol, interval: interval, from: from, to: to,
                chunkBars: chunkBars, sink: sink)
        }
    }
}

private struct TickRun: StrategyVisitor {
    let engine: BacktestTickEngine
    let store: MarketDataStore
    let venue: String
    let symbol: String
    let from: Timestamp?
    let to: Timestamp?
    func visit<S: Strategy>(_ strategy: inout S) -> Result<(result: BacktestResult, bars: BarSeries), BacktestDataError>
    {
        do throws(BacktestDataError) {
            return .success(
                try engine.run(&strategy, store: store, venue: venue, symbol: symbol, from: from, to: to))
        } catch { return .failure(error) }
    }
}
