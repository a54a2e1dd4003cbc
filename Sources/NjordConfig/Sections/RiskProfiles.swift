/// `risk_profiles:` — which risk policies apply in each run kind. A backtest may skip checks that only
/// make sense against a live feed; live always keeps the kill switch.
public struct RiskProfiles: Sendable, Equatable {
    public var profiles: [RiskProfileName: Set<RiskPolicy>]

    public init(profiles: [RiskProfileName: Set<RiskPolicy>]) { self.profiles = profiles }

    /// Policies of a run kind; a run kind without a profile gets every policy (fail-safe).
    public func policies(for name: RiskProfileName) -> Set<RiskPolicy> {
        profiles[name] ?? Set(RiskPolicy.allCases)
    }

    static func read(_ r: MappingReader) -> RiskProfiles? {
        var profiles: [RiskProfileName: Set<RiskPolicy>] = [:]
        var ok = true
        for name in RiskProfileName.allCases {
            guard r.has(name.rawValue) else {
                _ = r.value(name.rawValue, required: name == .live)
                ok = ok && name != .live
                continue
            }
            guard let profile = r.mapping(name.rawValue), let policies = readPolicies(profile) else {
                ok = false
                continue
            }
            if name == .live, !policies.contains(.killSwitch) {
                r.log.report(
                    "\(r.childPath(name.rawValue)).policies",
                    .invalid("the live profile must include kill_switch"))
                ok = false
            }
            profiles[name] = policies
        }
        r.finish()
        return ok ? RiskProfiles(profiles: profiles) : nil
    }

    private static func readPolicies(_ r: MappingReader) -> Set<RiskPolicy>? {
        let items = r.list("policies")
        r.finish()
        guard let items else { return nil }
        var policies: Set<RiskPolicy> = []
        var ok = true
        for item in items {
            guard let policy = r.log.word(item.node, item.path, as: RiskPolicy.self) else {
                ok = false
                continue
            }
            if !policies.insert(policy).inserted {
                r.log.report(item.path, .invalid("'\(policy.rawValue)' is listed twice"), at: item.node)
                ok = false
            }
        }
        return ok ? policies : nil
    }
}

/// The run kinds that can have their own risk profile.
public enum RiskProfileName: String, Sendable, CaseIterable {
    case backtest, paper, live
}

/// The checks the risk engine can apply.
public enum RiskPolicy: String, Sendable, CaseIterable {
    case maxOrderNotional = "max_order_notional"
    case maxPositionNotional = "max_position_notional"
    case maxGrossNotional = "max_gross_notional"
    case dailyLoss = "daily_loss"
    case orderRate = "order_rate"
    case priceBand = "price_band"
    case staleData = "stale_data"
    case killSwitch = "kill_switch"
}
