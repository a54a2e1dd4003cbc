public import NjordCore

/// Everything that defines a simulated market: same config, same seed → the same events, byte for byte.
public struct MarketSimConfig: Sendable, Hashable {
    public var seed: UInt64
    public var symbols: [SimSymbolConfig]
    /// The regimes every symbol switches between (each symbol has its own chain); starts in the first.
    public var regimes: [SimRegime]
    /// Simulated time of the first event.
    public var startTime: Timestamp
    /// Book evolution steps per second; each ends with one `md.delta` and one `md.tob`.
    public var bookUpdatesPerSecond: Int
    /// A full `md.book` snapshot every this many seconds (and one at the start).
    public var snapshotIntervalSeconds: Int
    /// `venue` of the payloads and `src` of the envelopes.
    public var venue: String

    public init(
        seed: UInt64, symbols: [SimSymbolConfig], regimes: [SimRegime] = SimRegime.defaults,
        startTime: Timestamp = MarketSimConfig.defaultStartTime, bookUpdatesPerSecond: Int = 10,
        snapshotIntervalSeconds: Int = 10, venue: String = "sim"
    ) {
        self.seed = seed
        self.symbols = symbols
        self.regimes = regimes
        self.startTime = startTime
        self.bookUpdatesPerSecond = bookUpdatesPerSecond
        self.snapshotIntervalSeconds = snapshotIntervalSeconds
        self.venue = venue
    }

    /// 2024-01-01T00:00:00Z: a fixed start, so runs do not depend on the wall clock.
    public static let defaultStartTime = Timestamp(nanosecondsSinceEpoch: 1_704_067_200_000_000_000)

    /// The defaults for these symbols (`SimSymbolConfig.named`), e.g. `venues.sim` of config/base.yaml.
    public static func standard(seed: UInt64, symbols: [String] = ["BTCUSDT", "ETHUSDT"]) -> MarketSimConfig {
        MarketSimConfig(seed: seed, symbols: symbols.map(SimSymbolConfig.named))
    }

    /// Every problem with the config; empty when the simulator can run it.
    public func problems() -> [SimConfigProblem] {
        var found: [SimConfigProblem] = []
        if symbols.isEmpty { found.append(.noSymbols) }
        var seen: Set<String> = []
        for s in symbols {
            if !seen.insert(s.symbol).inserted { found.append(.duplicateSymbol(s.symbol)) }
            if !s.tickSize.isPositive { found.append(.notPositive(symbol: s.symbol, field: "tick_size")) }
            if !s.stepSize.isPositive { found.append(.notPositive(symbol: s.symbol, field: "step_size")) }
            if !s.medianLevelQuantity.isPositive {
                found.append(.notPositive(symbol: s.symbol, field: "median_level_quantity"))
            }
            if !s.medianTradeQuantity.isPositive {
                found.append(.notPositive(symbol: s.symbol, field: "median_trade_quantity"))
            }
            if s.levels < 1 || s.levels > 5_000 { found.append(.levelsOutOfRange(symbol: s.symbol, levels: s.levels)) }
            if s.tickSize.isPositive, s.startPrice < s.tickSize.times(s.levels + 1) {
                found.append(.startPriceTooLow(symbol: s.symbol))
            }
        }
        if regimes.isEmpty { found.append(.noRegimes) }
        for r in regimes {
            let rates = [r.volatilityPerSqrtSecond, r.tradesPerSecond, r.meanDurationSeconds]
            if rates.contains(where: { !$0.isFinite }) || r.volatilityPerSqrtSecond < 0 || r.tradesPerSecond <= 0
                || r.meanDurationSeconds <= 0
            {
                found.append(.badRegime(r.name))
            }
        }
        if !(1...1_000).contains(bookUpdatesPerSecond) { found.append(.bookRateOutOfRange(bookUpdatesPerSecond)) }
        if snapshotIntervalSeconds < 1 { found.append(.snapshotIntervalOutOfRange(snapshotIntervalSeconds)) }
        return found
    }
}
