/// `risk:` — the limits the risk engine enforces before any order reaches a venue. Notional amounts are
/// in the quote currency (USDT/USD).
public struct RiskConfig: Sendable, Equatable {
    // TODO(fixed): becomes Fixed
    public var maxOrderNotional: String
    // TODO(fixed): becomes Fixed
    public var maxPositionNotionalPerSymbol: String
    // TODO(fixed): becomes Fixed
    public var maxGrossNotional: String
    /// Realised plus unrealised loss that trips the kill switch for the rest of the UTC day.
    // TODO(fixed): becomes Fixed
    public var dailyLossLimit: String
    /// The UTC hour (0...23) at which the daily loss resets.
    public var dailyResetUTCHour: Int
    public var orderRate: OrderRateLimits
    /// Largest allowed distance of a limit price from the last trade, in basis points.
    public var priceBandBps: Int
    /// Market data older than this blocks new orders.
    public var staleDataMs: Int

    public init(
        maxOrderNotional: String, maxPositionNotionalPerSymbol: String, maxGrossNotional: String,
        dailyLossLimit: String, dailyResetUTCHour: Int, orderRate: OrderRateLimits, priceBandBps: Int,
        staleDataMs: Int
    ) {
        self.maxOrderNotional = maxOrderNotional
        self.maxPositionNotionalPerSymbol = maxPositionNotionalPerSymbol
        self.maxGrossNotional = maxGrossNotional
        self.dailyLossLimit = dailyLossLimit
        self.dailyResetUTCHour = dailyResetUTCHour
        self.orderRate = orderRate
        self.priceBandBps = priceBandBps
        self.staleDataMs = staleDataMs
    }

    static func read(_ r: MappingReader) -> RiskConfig? {
        let order = r.decimal("max_order_notional", range: .positive)
        let position = r.decimal("max_position_notional_per_symbol", range: .positive)
        let gross = r.decimal("max_gross_notional", range: .positive)
        let loss = r.decimal("daily_loss_limit", range: .positive)
        let hour = r.int("daily_reset_utc_hour", range: 0...23, default: 0)
        let rate = r.mapping("order_rate").flatMap(OrderRateLimits.read)
        let band = r.int("price_band_bps", range: 1...10_000)
        let stale = r.int("stale_data_ms", range: 1...3_600_000)
        var ordered = true
        for (smaller, larger) in [
            ("max_order_notional", "max_position_notional_per_symbol"),
            ("max_position_notional_per_symbol", "max_gross_notional"),
        ] {
            let values = [
                "max_order_notional": order, "max_position_notional_per_symbol": position,
                "max_gross_notional": gross,
            ]
            if let a = values[smaller] ?? nil, let b = values[larger] ?? nil,
                let x = ExactDecimal(a), let y = ExactDecimal(b), x > y
            {
                r.log.report(r.childPath(smaller), .invalid("\(a) exceeds risk.\(larger) (\(b))"))
                ordered = false
            }
        }
        r.finish()
        guard let order, let position, let gross, let loss, let hour, let rate, let band, let stale, ordered
        else { return nil }
        return RiskConfig(
            maxOrderNotional: order, maxPositionNotionalPerSymbol: position, maxGrossNotional: gross,
            dailyLossLimit: loss, dailyResetUTCHour: hour, orderRate: rate, priceBandBps: band,
            staleDataMs: stale)
    }
}

/// `risk.order_rate:` — token buckets on order submissions: one per strategy and one shared by all.
/// A bucket holds at most its burst and refills at its rate.
public struct OrderRateLimits: Sendable, Equatable {
    /// Sustained orders per second each strategy may send.
    public var perStrategyPerSecond: Int
    /// Bucket size of each strategy's limiter (default: `per_strategy_per_s`, one second's worth).
    public var perStrategyBurst: Int
    /// Sustained orders per second of all strategies together (default: `global_burst`).
    public var globalPerSecond: Int
    /// Bucket size of the global limiter shared by all strategies.
    public var globalBurst: Int

    public init(perStrategyPerSecond: Int, globalBurst: Int, perStrategyBurst: Int? = nil, globalPerSecond: Int? = nil)
    {
        self.perStrategyPerSecond = perStrategyPerSecond
        self.perStrategyBurst = perStrategyBurst ?? perStrategyPerSecond
        self.globalPerSecond = globalPerSecond ?? globalBurst
        self.globalBurst = globalBurst
    }

    static func read(_ r: MappingReader) -> OrderRateLimits? {
        let perStrategy = r.int("per_strategy_per_s", range: 1...10_000)
        let burst = r.int("global_burst", range: 1...100_000)
        let strategyBurst = r.has("per_strategy_burst") ? r.int("per_strategy_burst", range: 1...100_000) : nil
        let globalRate = r.has("global_per_s") ? r.int("global_per_s", range: 1...100_000) : nil
        let strategyBurstOK = !r.has("per_strategy_burst") || strategyBurst != nil
        let globalRateOK = !r.has("global_per_s") || globalRate != nil
        var ordered = true
        if let perStrategy, let globalRate, perStrategy > globalRate {
            r.log.report(
                r.childPath("per_strategy_per_s"),
                .invalid("\(perStrategy) exceeds risk.order_rate.global_per_s (\(globalRate))"))
            ordered = false
        }
        if let burst, let strategyBurst, strategyBurst > burst {
            r.log.report(
                r.childPath("per_strategy_burst"),
                .invalid("\(strategyBurst) exceeds risk.order_rate.global_burst (\(burst))"))
            ordered = false
        }
        r.finish()
        guard let perStrategy, let burst, strategyBurstOK, globalRateOK, ordered else { return nil }
        return OrderRateLimits(
            perStrategyPerSecond: perStrategy, globalBurst: burst, perStrategyBurst: strategyBurst,
            globalPerSecond: globalRate)
    }
}
