public import NjordConfig
import NjordCore
public import NjordRisk

extension RiskLimits {
    /// The limits of `risk:` with the checks of `risk_profiles.<profile>`: each policy turns on the
    /// check of the same name. `instrument_filters` is not a policy and is always on — the venue would
    /// reject a filter breach anyway, so denying it here only saves a round trip and a reject.
    public init(config: RiskConfig, profile: RiskProfiles, run: RiskProfileName) throws(RiskLimitsConfigError) {
        try self.init(config: config, policies: profile.policies(for: run))
    }

    /// The limits of `risk:` with exactly the checks named by `policies` (plus `instrument_filters`).
    public init(config: RiskConfig, policies: Set<RiskPolicy>) throws(RiskLimitsConfigError) {
        var checks: Set<RiskCheck> = [.instrumentFilters]
        for policy in policies {
            guard let check = RiskCheck(rawValue: policy.rawValue) else { throw .unmappedPolicy(policy.rawValue) }
            checks.insert(check)
        }
        let rate = config.orderRate
        self.init(
            maxOrderNotional: try Self.amount(config.maxOrderNotional, "risk.max_order_notional"),
            maxPositionNotional: try Self.amount(
                config.maxPositionNotionalPerSymbol, "risk.max_position_notional_per_symbol"),
            maxGrossNotional: try Self.amount(config.maxGrossNotional, "risk.max_gross_notional"),
            dailyLossLimit: try Self.amount(config.dailyLossLimit, "risk.daily_loss_limit"),
            dailyResetUTCHour: config.dailyResetUTCHour,
            strategyOrderRate: OrderRateLimit(perSecond: rate.perStrategyPerSecond, burst: rate.perStrategyBurst),
            globalOrderRate: OrderRateLimit(perSecond: rate.globalPerSecond, burst: rate.globalBurst),
            priceBandBps: config.priceBandBps,
            staleMarketDataNanoseconds: Int64(config.staleDataMs) * 1_000_000,
            checks: checks)
    }

    private static func amount(_ text: String, _ path: String) throws(RiskLimitsConfigError) -> Fixed {
        let value: Fixed
        do throws(FixedPointError) {
            value = try Fixed(text)
        } catch {
            throw .notAnAmount(path: path, value: text, reason: error.description)
        }
        guard value.isPositive else { throw .notAnAmount(path: path, value: text, reason: "must be positive") }
        return value
    }
}

/// Why `risk:` and `risk_profiles:` could not be turned into ``RiskLimits``.
public enum RiskLimitsConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A cap is not an exact positive amount on the 10^-8 grid.
    case notAnAmount(path: String, value: String, reason: String)
    /// A profile policy names no check of the engine.
    case unmappedPolicy(String)

    public var description: String {
        switch self {
        case .notAnAmount(let path, let value, let reason): "\(path): '\(value)' is not an amount: \(reason)"
        case .unmappedPolicy(let name): "risk_profiles: policy '\(name)' has no risk check"
        }
    }
}
