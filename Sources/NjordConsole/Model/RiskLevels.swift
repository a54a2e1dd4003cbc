public import NjordCore

/// The risk engine's limits and how much of each is used, as its heartbeat counters state them
/// (docs/CONTRACTS.md: notionals in 10^-8 quote units, tokens whole). Read from `risk-engine`'s
/// heartbeat; a counter missing from it leaves its row out.
public struct RiskLevels: Hashable, Sendable {
    /// One cap and its use, e.g. gross notional 500 of 20000.
    public struct LimitUse: Hashable, Sendable {
        public var name: String
        public var used: Fixed
        public var limit: Fixed

        public init(name: String, used: Fixed, limit: Fixed) {
            self.name = name
            self.used = used
            self.limit = limit
        }

        /// used / limit, 1 or more when at or over the cap (a zero cap with use counts as over).
        public var fraction: Double {
            guard limit > .zero else { return used > .zero ? 1 : 0 }
            return used.doubleValue / limit.doubleValue
        }
    }

    /// One token bucket's level: `tokens` of `burst` left.
    public struct RateLevel: Hashable, Sendable {
        public var name: String
        public var tokens: Int64
        public var burst: Int64

        public init(name: String, tokens: Int64, burst: Int64) {
            self.name = name
            self.tokens = tokens
            self.burst = burst
        }

        /// The share of the bucket spent: 0 full, 1 empty.
        public var spent: Double { burst > 0 ? 1 - Double(tokens) / Double(burst) : 0 }
    }

    public var limits: [LimitUse]
    public var rates: [RateLevel]

    public init(limits: [LimitUse], rates: [RateLevel]) {
        self.limits = limits
        self.rates = rates
    }

    /// The levels in a risk-engine heartbeat's counters; nil when it carries none (an older engine).
    public init?(counters: [String: Int64]) {
        let pairs: [(String, String, String)] = [
            ("gross notional", "use.gross_notional", "limit.max_gross_notional"),
            ("position notional (largest symbol)", "use.max_position_notional", "limit.max_position_notional"),
            ("daily loss", "use.daily_loss", "limit.daily_loss"),
        ]
        limits = pairs.compactMap { name, use, limit in
            guard let used = counters[use], let cap = counters[limit] else { return nil }
            return LimitUse(name: name, used: Fixed(raw: Int128(used)), limit: Fixed(raw: Int128(cap)))
        }
        let buckets: [(String, String, String)] = [
            ("global order rate", "rate.global_tokens", "rate.global_burst"),
            ("emptiest strategy bucket", "rate.min_strategy_tokens", "rate.strategy_burst"),
        ]
        rates = buckets.compactMap { name, tokens, burst in
            guard let tokens = counters[tokens], let burst = counters[burst] else { return nil }
            return RateLevel(name: name, tokens: tokens, burst: burst)
        }
        if limits.isEmpty && rates.isEmpty { return nil }
    }
}
