import ArgumentParser
import Foundation
import NjordBacktest
import NjordConfig
import NjordCore
import NjordRisk

/// The risk limits and kill switch of a backtest: the `backtest` profile of `<config>/base.yaml`
/// (or, with `--risk live`, the `live` profile) applied to its `risk:` numbers; instrument filters
/// always run (a venue would reject a breach). Without a config file: instrument filters and the
/// kill switch, no caps. The kill switch is read once from the state file in the run directory.
enum BacktestRiskSettings {
    static func limits(profile: String, configDirectory: String) throws -> (RiskLimits, KillSwitchState) {
        guard let name = RiskProfileName(rawValue: profile), name != .paper else {
            throw ValidationError("--risk must be backtest or live")
        }
        let base = (configDirectory as NSString).appendingPathComponent(NjordConfiguration.baseFile)
        guard FileManager.default.fileExists(atPath: base) else {
            let checks = name == .live ? RiskCheck.live : RiskCheck.backtest
            let killSwitch = KillSwitchFileStore(runDirectory: "var/run/njord").read().state
            return (BacktestConfig.defaultRisk.with(checks: checks), killSwitch)
        }
        let config: NjordConfiguration
        do {
            config = try NjordConfiguration.load(
                directory: configDirectory, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError("\(base): \(error)")
        }
        let risk = config.base.risk
        func decimal(_ text: String, _ key: String) throws -> Fixed {
            do { return try Fixed(text) } catch { throw ValidationError("risk.\(key) \(text): \(error)") }
        }
        var checks: Set<RiskCheck> = [.instrumentFilters]
        for policy in config.base.riskProfiles.policies(for: name) {
            if let check = RiskCheck(rawValue: policy.rawValue) { checks.insert(check) }
        }
        let perStrategy = max(1, risk.orderRate.perStrategyPerSecond)
        let global = max(1, risk.orderRate.globalBurst)
        let limits = RiskLimits(
            maxOrderNotional: try decimal(risk.maxOrderNotional, "max_order_notional"),
            maxPositionNotional: try decimal(risk.maxPositionNotionalPerSymbol, "max_position_notional_per_symbol"),
            maxGrossNotional: try decimal(risk.maxGrossNotional, "max_gross_notional"),
            dailyLossLimit: try decimal(risk.dailyLossLimit, "daily_loss_limit"),
            dailyResetUTCHour: risk.dailyResetUTCHour,
            strategyOrderRate: OrderRateLimit(perSecond: perStrategy, burst: perStrategy),
            globalOrderRate: OrderRateLimit(perSecond: global, burst: global), priceBandBps: risk.priceBandBps,
            staleMarketDataNanoseconds: Int64(risk.staleDataMs) * 1_000_000, checks: checks)
        let killSwitch = KillSwitchFileStore(runDirectory: config.base.paths.runDir).read().state
        return (limits, killSwitch)
    }
}
