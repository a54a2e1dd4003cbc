/// The name of a rule a denial fails, as it appears in `risk.decision`'s `failed_rules`. Decisions
/// list failed rules in this order.
public enum RiskRule: String, Hashable, Sendable, CaseIterable {
    /// The kill switch is tripped, or its state is unknown.
    case killSwitch = "kill_switch"
    /// No instrument filters are known for the symbol.
    case unknownInstrument = "unknown_instrument"
    /// The limit price breaks `PRICE_FILTER`.
    case priceFilter = "price_filter"
    /// The quantity breaks `LOT_SIZE`.
    case lotSize = "lot_size"
    /// The notional breaks `MIN_NOTIONAL`/`NOTIONAL`.
    case minNotional = "min_notional"
    /// A check needed a price the engine has not seen.
    case unknownPrice = "unknown_price"
    /// The symbol's reference price is older than allowed.
    case staleMarketData = "stale_market_data"
    /// A check needed a position the engine does not know.
    case unknownPosition = "unknown_position"
    /// The order's notional is above the cap.
    case maxOrderNotional = "max_order_notional"
    /// The symbol's position notional after the order is above the cap.
    case maxPositionNotional = "max_position_notional"
    /// The gross notional after the order is above the cap.
    case maxGrossNotional = "max_gross_notional"
    /// The risk day's loss is above the limit and the order adds exposure.
    case dailyLossLimit = "daily_loss_limit"
    /// The limit price is further from the reference price than the band.
    case priceBand = "price_band"
    /// The strategy's or the global order-rate bucket is empty.
    case orderRate = "order_rate"
}

extension RiskRule {
    /// `allCases`, stored: the synthesized one builds an array on every call.
    static let ordered = allCases
}

/// The failed rules of one evaluation: each rule once, with every distinct detail joined. Empty —
/// and allocation-free — on the approval path.
struct FailedRuleList {
    private var entries: [(rule: RiskRule, detail: String)] = []

    var isEmpty: Bool { entries.isEmpty }

    mutating func add(_ rule: RiskRule, _ detail: String) {
        guard !entries.contains(where: { $0.rule == rule && $0.detail == detail }) else { return }
        entries.append((rule, detail))
    }

    /// In ``RiskRule``'s declaration order, whatever order the checks ran in.
    var failedRules: [RiskDecisionRule] {
        guard !entries.isEmpty else { return [] }
        var out: [RiskDecisionRule] = []
        for rule in RiskRule.ordered {
            let details = entries.filter { $0.rule == rule }.map(\.detail)
            if !details.isEmpty {
                out.append(RiskDecisionRule(rule: rule.rawValue, detail: details.joined(separator: "; ")))
            }
        }
        return out
    }
}
