public import NjordCore

/// How close the engine stands to its limits: each cap next to the current usage, and the order-rate
/// buckets' levels. Read once per heartbeat (a walk over positions), never on the decision path.
/// Positions of a symbol without a price are left out of the notionals (the checks deny on them).
public struct RiskUtilization: Hashable, Sendable {
    public var maxGrossNotional: Fixed
    /// Sum of absolute position notionals over all priced symbols.
    public var grossNotional: Fixed
    public var maxPositionNotional: Fixed
    /// The largest absolute net position notional of one symbol.
    public var largestPositionNotional: Fixed
    public var dailyLossLimit: Fixed
    /// Today's loss (realized plus unrealized), zero when in profit.
    public var dailyLoss: Fixed
    /// Whole tokens in the global bucket (full, `burst`, before the first order).
    public var globalTokens: Int
    public var globalBurst: Int
    /// Whole tokens in the emptiest strategy bucket; `strategyBurst` when no strategy ordered yet.
    public var minStrategyTokens: Int
    public var strategyBurst: Int

    /// The heartbeat counters (docs/CONTRACTS.md): notionals in 10^-8 quote units (``Fixed``'s raw
    /// value, clamped to `Int64`), tokens whole.
    public var heartbeatCounters: [String: Int64] {
        [
            "limit.max_gross_notional": Self.raw(maxGrossNotional), "use.gross_notional": Self.raw(grossNotional),
            "limit.max_position_notional": Self.raw(maxPositionNotional),
            "use.max_position_notional": Self.raw(largestPositionNotional),
            "limit.daily_loss": Self.raw(dailyLossLimit), "use.daily_loss": Self.raw(dailyLoss),
            "rate.global_tokens": Int64(globalTokens), "rate.global_burst": Int64(globalBurst),
            "rate.min_strategy_tokens": Int64(minStrategyTokens), "rate.strategy_burst": Int64(strategyBurst),
        ]
    }

    static func raw(_ value: Fixed) -> Int64 {
        Int64(clamping: value.raw)
    }
}

extension RiskEngine {
    /// The engine's utilization at `time` (buckets refilled to `time` on copies; nothing changes).
    public func utilization(at time: Timestamp) -> RiskUtilization {
        var gross = Fixed.zero
        var largest = Fixed.zero
        for (symbol, net) in state.netQuantityBySymbol where !net.isZero {
            guard let price = state.prices[symbol]?.reference?.price else { continue }
            let notional = product(net, price, .awayFromZero).magnitude
            gross = Swift.min(saturatedFixed, gross + notional)
            largest = Swift.max(largest, notional)
        }
        var unrealized = Fixed.zero
        for (key, position) in state.positions where !position.quantity.isZero {
            guard let price = state.prices[key.symbol]?.reference?.price else { continue }
            unrealized += product(price - position.averagePrice, position.quantity, .down)
        }
        let loss = -(state.realizedPnL + unrealized)
        var global = state.globalBucket ?? TokenBucket(limit: limits.globalOrderRate, at: time)
        global.refill(at: time)
        var minStrategy = limits.strategyOrderRate.burst
        for var bucket in state.strategyBuckets.values {
            bucket.refill(at: time)
            minStrategy = Swift.min(minStrategy, Self.wholeTokens(bucket))
        }
        return RiskUtilization(
            maxGrossNotional: limits.maxGrossNotional, grossNotional: gross,
            maxPositionNotional: limits.maxPositionNotional, largestPositionNotional: largest,
            dailyLossLimit: limits.dailyLossLimit, dailyLoss: Swift.max(.zero, loss),
            globalTokens: Self.wholeTokens(global), globalBurst: limits.globalOrderRate.burst,
            minStrategyTokens: minStrategy, strategyBurst: limits.strategyOrderRate.burst)
    }

    private static func wholeTokens(_ bucket: TokenBucket) -> Int {
        Int(bucket.nanoTokens / 1_000_000_000)
    }
}
