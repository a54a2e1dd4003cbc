public import NjordCore
public import NjordMarketData
public import NjordStrategies

/// A stretch of a streamed run: the bars `offset..<offset + bars.count`, the fills they made and the
/// orders that ended during them. The engine reuses the buffers after the sink returns.
public struct BacktestChunk: Sendable {
    public var bars: BarSeries
    public var offset: Int
    public var fills: [BacktestFill]
    public var orders: [BacktestOrder]

    public init(bars: BarSeries, offset: Int, fills: [BacktestFill], orders: [BacktestOrder]) {
        self.bars = bars
        self.offset = offset
        self.fills = fills
        self.orders = orders
    }
}

extension BacktestEngine {
    /// Bars a streamed run replays at a time: 64 Ki bars are 3 MiB of columns.
    public static let defaultChunkBars = 65_536

    /// Replays the stored bars of `venue`/`symbol`/`interval` in `[from, to)` without holding them:
    /// the store is read a block at a time into a chunk of at most `chunkBars` bars, the chunk runs
    /// on the same kernel and context as the one before it (the run is the run of
    /// ``run(_:bars:)`` on the whole series), and `sink` gets the chunk with its fills and the
    /// orders that ended — then everything is dropped. A last chunk without bars carries the orders
    /// still open at the end. The result has counts and the final account but no fills or orders:
    /// they went to the sink. Its `runSeconds` include reading the store, not the sink.
    public func run<S: Strategy>(
        _ strategy: inout S, store: MarketDataStore, venue: String, symbol: String, interval: BarInterval,
        from: Timestamp? = nil, to: Timestamp? = nil, chunkBars: Int = defaultChunkBars,
        sink: (BacktestChunk) throws -> Void
    ) throws -> BacktestResult {
        let clock = SystemClock()
        let started = clock.monotonicNanoseconds()
        var replay = ChunkedBarReplay(config: config, chunkBars: max(1, chunkBars))
        do {
            try store.forEachBlock(
                of: StoredBar.self, venue: venue, symbol: symbol, kind: .bars(interval), from: from, to: to
            ) { block in
                for bar in block {
                    guard let o = BarSeries.rawInt64(bar.open), let h = BarSeries.rawInt64(bar.high),
                        let l = BarSeries.rawInt64(bar.low), let c = BarSeries.rawInt64(bar.close),
                        let v = BarSeries.rawInt64(bar.volume)
                    else { throw BacktestDataError.store("\(venue) \(symbol): a bar value is out of the replay range") }
                    replay.chunk.append(
                        time: bar.openTime.nanosecondsSinceEpoch, open: o, high: h, low: l, close: c, volume: v)
                    if replay.chunk.count >= replay.chunkBars { try replay.flush(strategy: &strategy, sink: sink) }
                }
            }
        } catch let error as BacktestDataError {
            throw error
        } catch let error as StoreError {
            throw BacktestDataError.store("\(error)")
        }
        try replay.flush(strategy: &strategy, sink: sink)
        guard replay.offset > 0 else {
            throw BacktestDataError.noBars(source: "store \(venue)/\(symbol)/bars-\(interval.rawValue)")
        }
        replay.kernel.finishOrders()
        try replay.flush(strategy: &strategy, sink: sink)
        let runSeconds = Double(clock.monotonicNanoseconds() - started - replay.sinkNanoseconds) / 1e9
        var result = replay.kernel.result(
            bars: replay.offset, lastClose: Fixed(raw: Int128(replay.lastClose)), runSeconds: runSeconds)
        result.entries = replay.entries
        result.exits = replay.exits
        return result
    }
}

/// The state a streamed bar run carries from chunk to chunk.
struct ChunkedBarReplay {
    var kernel: BacktestKernel
    var context: StrategyContext?
    let config: BacktestConfig
    let chunkBars: Int
    var chunk = BarSeries()
    /// Bars replayed so far: the next chunk's offset.
    var offset = 0
    var lastClose: Int64 = 0
    var entries = 0
    var exits = 0
    var sinkNanoseconds: UInt64 = 0
    private var fills: [BacktestFill] = []
    private var orders: [BacktestOrder] = []

    init(config: BacktestConfig, chunkBars: Int) {
        kernel = BacktestKernel(config: config)
        self.config = config
        self.chunkBars = chunkBars
        chunk.reserveCapacity(chunkBars)
    }

    /// Replays the chunk (if any) and hands it, its fills and the ended orders to `sink`.
    mutating func flush<S: Strategy>(strategy: inout S, sink: (BacktestChunk) throws -> Void) throws {
        if !chunk.isEmpty {
            var context = self.context ?? BacktestEngine.context(config: config, firstTime: chunk.times[0])
            BacktestEngine.replay(chunk, offset: offset, kernel: &kernel, context: &context, strategy: &strategy)
            self.context = context
            lastClose = chunk.close[chunk.count - 1]
        }
        guard !chunk.isEmpty || !kernel.fills.isEmpty || !kernel.orders.isEmpty else { return }
        swap(&fills, &kernel.fills)
        swap(&orders, &kernel.orders)
        for fill in fills { if fill.side == .buy { entries += 1 } else { exits += 1 } }
        let clock = SystemClock()
        let started = clock.monotonicNanoseconds()
        try sink(BacktestChunk(bars: chunk, offset: offset, fills: fills, orders: orders))
        sinkNanoseconds += clock.monotonicNanoseconds() - started
        offset += chunk.count
        chunk.removeAll()
        fills.removeAll(keepingCapacity: true)
        orders.removeAll(keepingCapacity: true)
    }
}
