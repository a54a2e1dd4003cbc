public import NjordCore

/// The simulated venue: a deterministic, seeded market for several symbols, and the embedded default
/// venue of `make run` (no network, no keys).
///
/// A pure state machine over simulated time: ``next()`` gives the next event, ``advance(to:)`` all
/// events due by a time, ``step()`` the events of one scheduled action. It emits what the real venue
/// path emits — `md.trade`, `md.book`, `md.delta` (update ids contiguous, Binance's U/u rule),
/// `md.tob` — as envelopes with source `venue` and a sequence per stream (topic).
///
/// Per symbol: a volatility regime that switches as a Markov chain; a log mid-price random walk
/// rounded onto the tick grid; Poisson taker arrivals at the regime's rate that consume the book;
/// and a book of `levels` slots per side that is cancelled, re-sized and refilled around the mid at
/// `bookUpdatesPerSecond`. Same config and seed → the same events, byte for byte.
public struct MarketSimulator: Sendable {
    public let config: MarketSimConfig
    private var markets: [SimSymbolMarket]
    private var nextBookStep: Int64 = 1
    private let start: Int64
    private var pending: [SimEvent] = []
    private var pendingIndex = 0
    private var clock: Int64

    /// Throws the config's first problem (``MarketSimConfig/problems()`` lists them all).
    public init(config: MarketSimConfig) throws(SimConfigProblem) {
        if let problem = config.problems().first { throw problem }
        self.config = config
        let start = config.startTime.nanosecondsSinceEpoch
        self.start = start
        clock = start
        markets = config.symbols.map {
            SimSymbolMarket(config: $0, regimes: config.regimes, venue: config.venue, seed: config.seed, start: start)
        }
        // Consumers start from a snapshot: one per symbol, then its top of book, at the start time.
        for i in markets.indices {
            pending.append(markets[i].snapshot(at: start))
            if let tob = markets[i].topOfBook(at: start) { pending.append(tob) }
        }
    }

    /// Simulated time of the latest action.
    public var now: Timestamp { Timestamp(nanosecondsSinceEpoch: clock) }

    /// The symbols, in config order.
    public var symbols: [String] { config.symbols.map(\.symbol) }

    /// The next event. Never runs out: the market goes on.
    public mutating func next() -> SimEvent {
        while pendingIndex >= pending.count {
            pending = runNextAction()
            pendingIndex = 0
        }
        defer { pendingIndex += 1 }
        return pending[pendingIndex]
    }

    /// Every event with an event time at or before `time`, in order.
    public mutating func advance(to time: Timestamp) -> [SimEvent] {
        var out: [SimEvent] = []
        let limit = time.nanosecondsSinceEpoch
        while true {
            if pendingIndex < pending.count {
                guard pending[pendingIndex].envelope.eventTime.nanosecondsSinceEpoch <= limit else { return out }
                out.append(pending[pendingIndex])
                pendingIndex += 1
                continue
            }
            guard nextActionTime <= limit else { return out }
            pending = runNextAction()
            pendingIndex = 0
        }
    }

    /// The events not yet taken by ``next()``, or else those of the next scheduled action (a taker
    /// arrival or a book step of one symbol; possibly none). Lets a caller look at the book between
    /// actions.
    public mutating func step() -> [SimEvent] {
        if pendingIndex < pending.count {
            defer { pending = []; pendingIndex = 0 }
            return Array(pending[pendingIndex...])
        }
        return runNextAction()
    }

    /// An `md.book` of the symbol now, on demand (it takes the stream's next sequence number).
    public mutating func snapshot(of symbol: String) -> SimEvent? {
        guard let i = index(of: symbol) else { return nil }
        return markets[i].snapshot(at: clock)
    }

    /// The symbol's whole book now, without emitting anything.
    public func book(of symbol: String) -> BookSnapshot? {
        index(of: symbol).map { markets[$0].currentBook() }
    }

    /// The symbol's current regime.
    public func regime(of symbol: String) -> SimRegime? {
        index(of: symbol).map { markets[$0].regime }
    }

    /// The symbol's counters since the start.
    public func statistics(of symbol: String) -> SimSymbolStatistics? {
        index(of: symbol).map { markets[$0].statistics }
    }

    // MARK: - Scheduling

    private var bookPeriod: Int64 { 1_000_000_000 / Int64(config.bookUpdatesPerSecond) }

    /// Book steps are on a fixed grid from the start (k × 1 s / rate, no drift).
    private var nextBookTime: Int64 {
        start + nextBookStep * 1_000_000_000 / Int64(config.bookUpdatesPerSecond)
    }

    private var nextActionTime: Int64 {
        markets.reduce(nextBookTime) { min($0, $1.nextTradeTime) }
    }

    /// Runs the earliest action. Ties: book steps before taker arrivals, symbols in config order.
    private mutating func runNextAction() -> [SimEvent] {
        let bookTime = nextBookTime
        var earliest: Int?
        for i in markets.indices where markets[i].nextTradeTime < bookTime {
            if earliest.map({ markets[i].nextTradeTime < markets[$0].nextTradeTime }) ?? true { earliest = i }
        }
        if let i = earliest {
            clock = markets[i].nextTradeTime
            return markets[i].takerArrives(at: clock)
        }
        clock = bookTime
        nextBookStep += 1
        let snapshotEvery = Int64(config.snapshotIntervalSeconds * config.bookUpdatesPerSecond)
        var events: [SimEvent] = []
        for i in markets.indices {
            events += markets[i].bookStep(at: clock, period: bookPeriod, snapshotEvery: snapshotEvery)
        }
        return events
    }

    private func index(of symbol: String) -> Int? { config.symbols.firstIndex { $0.symbol == symbol } }
}
