/// One policy the risk engine can apply. The raw values match `risk_profiles.*.policies` in the
/// config, so the app maps a profile onto a set of checks by name.
public enum RiskCheck: String, Hashable, Sendable, CaseIterable {
    /// Nothing is approved unless the kill switch is known and not tripped.
    case killSwitch = "kill_switch"
    /// The venue's `PRICE_FILTER`, `LOT_SIZE` and `MIN_NOTIONAL` for the symbol.
    case instrumentFilters = "instrument_filters"
    /// The order's own notional.
    case maxOrderNotional = "max_order_notional"
    /// The symbol's net position notional after the order, across strategies.
    case maxPositionNotional = "max_position_notional"
    /// The sum of every symbol's absolute position notional after the order.
    case maxGrossNotional = "max_gross_notional"
    /// Realized plus unrealized loss of the current risk day.
    case dailyLoss = "daily_loss"
    /// Token buckets per strategy and global.
    case orderRate = "order_rate"
    /// Distance of a limit price from the reference price (fat-finger guard).
    case priceBand = "price_band"
    /// Age of the symbol's reference price.
    case staleMarketData = "stale_data"

    /// Every check: what live and paper trading run.
    public static let live: Set<RiskCheck> = Set(allCases)
    /// What a backtest runs by default: the venue would reject a filter breach, and an operator's
    /// kill switch stops a backtest too; the limits are a question of the strategy's sizing there.
    public static let backtest: Set<RiskCheck> = [.instrumentFilters, .killSwitch]
}
