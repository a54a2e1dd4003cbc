public import NjordCore

/// The numbers the risk engine holds orders to, and which of its checks are on. The app maps
/// `RiskConfig` and a risk profile onto this; NjordRisk does not read config itself.
///
/// Every cap is inclusive: a value exactly at the cap is allowed, one ulp above is denied.
public struct RiskLimits: Hashable, Sendable {
    /// Largest notional (quote units) of a single order.
    public var maxOrderNotional: Fixed
    /// Largest absolute net position notional of one symbol, across strategies.
    public var maxPositionNotional: Fixed
    /// Largest sum of absolute position notionals over all symbols.
    public var maxGrossNotional: Fixed
    /// Largest loss (realized today plus unrealized) before only exposure-reducing orders pass.
    public var dailyLossLimit: Fixed
    /// The UTC hour (0...23) at which a new risk day starts and realized PnL restarts from zero.
    public var dailyResetUTCHour: Int
    /// Orders per strategy.
    public var strategyOrderRate: OrderRateLimit
    /// Orders of all strategies together.
    public var globalOrderRate: OrderRateLimit
    /// Largest distance of a limit price from the reference price, in basis points.
    public var priceBandBps: Int
    /// Oldest acceptable reference price, in nanoseconds of age.
    public var staleMarketDataNanoseconds: Int64
    /// The checks that run; see ``RiskCheck/live`` and ``RiskCheck/backtest``.
    public var checks: Set<RiskCheck>

    public init(
        maxOrderNotional: Fixed, maxPositionNotional: Fixed, maxGrossNotional: Fixed, dailyLossLimit: Fixed,
        dailyResetUTCHour: Int = 0, strategyOrderRate: OrderRateLimit, globalOrderRate: OrderRateLimit,
        priceBandBps: Int, staleMarketDataNanoseconds: Int64, checks: Set<RiskCheck> = RiskCheck.live
    ) {
        precondition((0...23).contains(dailyResetUTCHour), "the reset hour is 0...23")
        precondition(priceBandBps >= 0 && staleMarketDataNanoseconds >= 0, "band and age are not negative")
        self.maxOrderNotional = maxOrderNotional
        self.maxPositionNotional = maxPositionNotional
        self.maxGrossNotional = maxGrossNotional
        self.dailyLossLimit = dailyLossLimit
        self.dailyResetUTCHour = dailyResetUTCHour
        self.strategyOrderRate = strategyOrderRate
        self.globalOrderRate = globalOrderRate
        self.priceBandBps = priceBandBps
        self.staleMarketDataNanoseconds = staleMarketDataNanoseconds
        self.checks = checks
    }

    /// The same limits with only `checks` on.
    public func with(checks: Set<RiskCheck>) -> RiskLimits {
        var copy = self
        copy.checks = checks
        return copy
    }

    /// Whether `check` runs.
    @inlinable
    public func isOn(_ check: RiskCheck) -> Bool { checks.contains(check) }
}
