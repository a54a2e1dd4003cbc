public import NjordCore

/// What the risk engine knows: the kill switch, positions, prices, the day's realized PnL and the
/// order-rate buckets. A value type updated by the events the caller feeds it; no I/O, no clock of
/// its own — every update that depends on time is given the time.
public struct RiskState: Equatable, Sendable {
    /// The latest kill switch reading; nil until one arrives, which counts as tripped (fail closed).
    public private(set) var killSwitch: KillSwitchReading?
    public private(set) var positions: [PositionKey: RiskPosition] = [:]
    /// Net quantity per symbol over all strategies, and how many positions are unknown: kept up to
    /// date with ``positions`` so that a decision does not walk every position.
    public private(set) var netQuantityBySymbol: [String: Fixed] = [:]
    public private(set) var unknownPositionCount = 0
    /// Whether a position nobody stated is flat (a backtest from cash, or after reconciling every
    /// position) or unknown (a daemon that has not reconciled yet).
    public private(set) var absentPositionsAreFlat: Bool
    public private(set) var prices: [String: SymbolPrices] = [:]
    /// Realized PnL of the current risk day, in quote units.
    public private(set) var realizedPnL: Fixed = .zero
    /// The current risk day: days since the epoch, counted from the reset hour.
    public private(set) var riskDay: Int64?
    public let dailyResetUTCHour: Int
    public private(set) var strategyBuckets: [String: TokenBucket] = [:]
    public private(set) var globalBucket: TokenBucket?

    public init(dailyResetUTCHour: Int = 0, absentPositionsAreFlat: Bool) {
        precondition((0...23).contains(dailyResetUTCHour), "the reset hour is 0...23")
        self.dailyResetUTCHour = dailyResetUTCHour
        self.absentPositionsAreFlat = absentPositionsAreFlat
    }

    // MARK: - Updates

    public mutating func apply(killSwitch reading: KillSwitchReading) { killSwitch = reading }

    public mutating func apply(marketPrice: MarketPrice, symbol: String, at time: Timestamp) {
        switch marketPrice {
        case .lastTrade(let price):
            prices[symbol, default: SymbolPrices()].lastTrade = ObservedPrice(
                price: price, at: time, source: "last trade")
        case .mid(let price):
            prices[symbol, default: SymbolPrices()].mid = ObservedPrice(price: price, at: time, source: "mid")
        }
    }

    /// Counts an execution: moves the strategy's position and adds the PnL it realizes (less a fee
    /// charged in the quote asset) to the day's total. Fees in other assets are not counted here.
    public mutating func apply(fill: Fill, at time: Timestamp) {
        roll(to: time)
        let key = PositionKey(strategyId: fill.strategyId, symbol: fill.symbol)
        var position = positions[key] ?? RiskPosition(known: absentPositionsAreFlat)
        realizedPnL += position.apply(signedQuantity: fill.side == .buy ? fill.qty : -fill.qty, price: fill.price)
        if fill.symbol.count > fill.feeAsset.count, fill.symbol.hasSuffix(fill.feeAsset) {
            realizedPnL -= fill.fee
        }
        store(position, at: key)
    }

    /// States a position outright (reconciliation): it is known from now on.
    public mutating func setPosition(_ key: PositionKey, quantity: Fixed, averagePrice: Fixed) {
        store(RiskPosition(quantity: quantity, averagePrice: averagePrice, known: true), at: key)
    }

    /// Forgets what was known of a position (e.g. after an order whose outcome is unknown).
    public mutating func markUnknown(_ key: PositionKey) {
        var position = positions[key] ?? RiskPosition(known: false)
        position.known = false
        store(position, at: key)
    }

    private mutating func store(_ position: RiskPosition, at key: PositionKey) {
        let old = positions[key]
        netQuantityBySymbol[key.symbol, default: .zero] += position.quantity - (old?.quantity ?? .zero)
        if old?.known == false { unknownPositionCount -= 1 }
        if !position.known { unknownPositionCount += 1 }
        positions[key] = position
    }

    /// After reconciling every position: any position not stated is flat.
    public mutating func declareAbsentPositionsFlat() { absentPositionsAreFlat = true }

    /// Starts a new risk day, with realized PnL at zero, when `time` is past the next reset hour.
    public mutating func roll(to time: Timestamp) {
        let day = Self.riskDay(of: time, resetHour: dailyResetUTCHour)
        if let riskDay, day <= riskDay { return }
        if riskDay != nil { realizedPnL = .zero }
        riskDay = day
    }

    /// Takes a token from the strategy's bucket and the global bucket.
    mutating func takeOrderToken(strategyId: String) {
        strategyBuckets[strategyId]?.take()
        globalBucket?.take()
    }

    /// Brings the strategy's and the global bucket up to `time` (new buckets start full) and returns them.
    mutating func refillBuckets(strategyId: String, limits: RiskLimits, at time: Timestamp)
        -> (strategy: TokenBucket, global: TokenBucket)
    {
        var strategy = strategyBuckets[strategyId] ?? TokenBucket(limit: limits.strategyOrderRate, at: time)
        var global = globalBucket ?? TokenBucket(limit: limits.globalOrderRate, at: time)
        strategy.refill(at: time)
        global.refill(at: time)
        strategyBuckets[strategyId] = strategy
        globalBucket = global
        return (strategy, global)
    }

    // MARK: - Queries

    /// The position of `key`, with absent positions resolved by ``absentPositionsAreFlat``.
    public func position(_ key: PositionKey) -> RiskPosition {
        positions[key] ?? RiskPosition(known: absentPositionsAreFlat)
    }

    /// The days-since-epoch number of the risk day `time` falls in.
    public static func riskDay(of time: Timestamp, resetHour: Int) -> Int64 {
        let shifted = time.nanosecondsSinceEpoch - Int64(resetHour) * 3_600_000_000_000
        let day: Int64 = 86_400_000_000_000
        return shifted >= 0 ? shifted / day : (shifted - day + 1) / day
    }
}
