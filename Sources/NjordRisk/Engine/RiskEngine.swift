public import NjordCore

typealias RiskDecisionRule = RiskDecision.FailedRule

/// The risk engine: every order intent gets exactly one ``RiskDecision`` naming every rule it
/// fails. A value type — the daemon, the paper trader and the backtester run this same code and feed
/// it the same events; time comes from the caller's injected clock.
///
/// Fail closed: an unknown kill switch state, an unknown position, a missing or stale price, or a
/// symbol without instrument filters denies every intent a running check needs it for.
public struct RiskEngine: Sendable {
    public var limits: RiskLimits
    public var instruments: [String: InstrumentFilters]
    public var state: RiskState

    public init(limits: RiskLimits, instruments: [String: InstrumentFilters], state: RiskState) {
        self.limits = limits
        self.instruments = instruments
        self.state = state
    }

    /// An engine with a fresh state; see ``RiskState/absentPositionsAreFlat``.
    public init(limits: RiskLimits, instruments: [String: InstrumentFilters], absentPositionsAreFlat: Bool) {
        self.init(
            limits: limits, instruments: instruments,
            state: RiskState(
                dailyResetUTCHour: limits.dailyResetUTCHour, absentPositionsAreFlat: absentPositionsAreFlat))
    }

    // MARK: - Events

    public mutating func apply(killSwitch reading: KillSwitchReading) { state.apply(killSwitch: reading) }

    public mutating func apply(marketPrice: MarketPrice, symbol: String, at time: Timestamp) {
        state.apply(marketPrice: marketPrice, symbol: symbol, at: time)
    }

    public mutating func apply(fill: Fill, at time: Timestamp) { state.apply(fill: fill, at: time) }

    // MARK: - Decisions

    /// Decides on `intent` (the event `intentId`) at `time`. Runs every check that is on, so a denial
    /// names all failed rules at once; an approval takes one token from the strategy's and the global
    /// order-rate buckets, a denial takes none.
    public mutating func evaluate(_ intent: OrderIntent, intentId: String, at time: Timestamp) -> RiskDecision {
        state.roll(to: time)
        var failed = FailedRuleList()
        let reference = state.prices[intent.symbol]?.reference
        let notional = orderNotional(intent, reference: reference)

        if limits.isOn(.killSwitch) { checkKillSwitch(&failed) }
        if limits.isOn(.instrumentFilters) { checkFilters(intent, reference: reference, &failed) }
        if limits.isOn(.staleMarketData) { checkStaleness(intent.symbol, reference: reference, at: time, &failed) }
        if limits.isOn(.maxOrderNotional) { checkOrderNotional(intent, notional: notional, &failed) }
        if limits.isOn(.maxPositionNotional) || limits.isOn(.maxGrossNotional) || limits.isOn(.dailyLoss) {
            checkExposure(intent, reference: reference, notional: notional, &failed)
        }
        if limits.isOn(.priceBand) { checkPriceBand(intent, reference: reference, &failed) }
        var rateOK = true
        if limits.isOn(.orderRate) {
            rateOK = checkOrderRate(intent.strategyId, at: time, &failed)
        }
        if failed.isEmpty, limits.isOn(.orderRate), rateOK {
            state.takeOrderToken(strategyId: intent.strategyId)
        }
        do {
            return try RiskDecision(
                intentId: intentId, strategyId: intent.strategyId, clientOrderId: intent.clientOrderId,
                approved: failed.isEmpty, failedRules: failed.failedRules)
        } catch {
            // approved is derived from the same list, so the contract's rule always holds.
            preconditionFailure("risk decision inconsistent: \(error)")
        }
    }

    /// The order's notional in quote units: the quote amount itself, a limit order's quantity at its
    /// limit price, a market order's quantity at the reference price (nil without one). Products are
    /// rounded up, so comparing them with a cap on the 10^-8 grid is exact.
    func orderNotional(_ intent: OrderIntent, reference: ObservedPrice?) -> Fixed? {
        // Magnitudes: a negative size is the filters' to deny, never a way under a cap.
        if let amount = intent.quoteAmount {
            return Swift.max(-saturatedFixed, Swift.min(saturatedFixed, amount)).magnitude
        }
        guard let quantity = intent.quantity else { return nil }
        if intent.orderType == .limit, let limit = intent.limitPrice {
            return product(quantity, limit, .awayFromZero).magnitude
        }
        guard let reference else { return nil }
        return product(quantity, reference.price, .awayFromZero).magnitude
    }
}

/// The bound every computed notional is clamped to: far beyond any real value, with headroom so that
/// sums of many stay in range (``Fixed``'s own arithmetic traps on overflow).
let saturatedFixed = Fixed(raw: Int128.max >> 16)

/// `a × b` rounded by `rule`, saturating on overflow: a value that large fails any cap, which is the
/// conservative outcome.
func product(_ a: Fixed, _ b: Fixed, _ rule: FloatingPointRoundingRule) -> Fixed {
    let saturated = saturatedFixed
    guard let exact = try? a.multiplied(by: b, rounding: rule) else {
        return a.isNegative != b.isNegative ? -saturated : saturated
    }
    return Swift.max(-saturated, Swift.min(saturated, exact))
}
