import NjordCore

/// The individual checks. Each adds the rules it fails to the list and nothing else; a check that
/// needs a price or a position it does not have fails closed with `unknown_price`/`unknown_position`.
extension RiskEngine {
    func checkKillSwitch(_ failed: inout FailedRuleList) {
        guard let reading = state.killSwitch else {
            failed.add(.killSwitch, "kill switch state unknown")
            return
        }
        guard reading.state.tripped else { return }
        var detail = "kill switch tripped by \(reading.state.by ?? "unknown"): \(reading.state.reason ?? "no reason")"
        if let problem = reading.problem { detail += " (\(problem))" }
        failed.add(.killSwitch, detail)
    }

    func checkFilters(_ intent: OrderIntent, reference: ObservedPrice?, _ failed: inout FailedRuleList) {
        guard let filters = instruments[intent.symbol] else {
            failed.add(.unknownInstrument, "no instrument filters for \(intent.symbol)")
            return
        }
        let isMarket = intent.orderType == .market
        let notionalBindsThis = !isMarket || filters.minNotionalAppliesToMarket
        let hasNotionalRule = filters.minNotional.isPositive || filters.maxNotional.isPositive
        if let quantity = intent.quantity {
            var price = intent.limitPrice ?? .zero
            if isMarket {
                if let reference {
                    price = reference.price
                } else if notionalBindsThis, hasNotionalRule {
                    failed.add(.unknownPrice, "no price for \(intent.symbol) to check its notional")
                }
            }
            for violation in filters.violations(price: price, quantity: quantity, isMarket: isMarket) {
                failed.add(RiskRule(rawValue: violation.rule)!, violation.description)
            }
            return
        }
        guard let amount = intent.quoteAmount else { return }
        // Sized in quote units: the venue sets the quantity at fill time, so only the price (of a limit
        // order) and the notional, which is the amount itself, can be checked now.
        if !isMarket, let limit = intent.limitPrice {
            let priceRules = filters.violations(price: limit, quantity: filters.minQuantity, isMarket: false)
            for violation in priceRules where violation.rule == RiskRule.priceFilter.rawValue {
                failed.add(.priceFilter, violation.description)
            }
        }
        guard notionalBindsThis else { return }
        if filters.minNotional.isPositive, amount < filters.minNotional {
            failed.add(.minNotional, "notional \(amount) below minimum \(filters.minNotional)")
        }
        if filters.maxNotional.isPositive, amount > filters.maxNotional {
            failed.add(.minNotional, "notional \(amount) above maximum \(filters.maxNotional)")
        }
    }

    func checkStaleness(
        _ symbol: String, reference: ObservedPrice?, at time: Timestamp, _ failed: inout FailedRuleList
    ) {
        guard let reference else {
            failed.add(.unknownPrice, "no price for \(symbol)")
            return
        }
        let age = time.nanosecondsSinceEpoch - reference.at.nanosecondsSinceEpoch
        guard age > limits.staleMarketDataNanoseconds else { return }
        failed.add(
            .staleMarketData,
            "\(symbol) \(reference.source) is \(milliseconds(age)) ms old; limit \(milliseconds(limits.staleMarketDataNanoseconds)) ms"
        )
    }

    func checkOrderNotional(_ intent: OrderIntent, notional: Fixed?, _ failed: inout FailedRuleList) {
        guard let notional else {
            failed.add(.unknownPrice, "no price for \(intent.symbol) to value a market order")
            return
        }
        guard notional > limits.maxOrderNotional else { return }
        failed.add(.maxOrderNotional, "order notional \(notional) exceeds \(limits.maxOrderNotional)")
    }

    func checkPriceBand(_ intent: OrderIntent, reference: ObservedPrice?, _ failed: inout FailedRuleList) {
        // A market order has no price of its own to band; its size is held by the notional caps.
        guard intent.orderType == .limit, let limit = intent.limitPrice else { return }
        guard let reference else {
            failed.add(.unknownPrice, "no price for \(intent.symbol) to band the limit price against")
            return
        }
        let clampedLimit = Swift.max(-saturatedFixed, Swift.min(saturatedFixed, limit))
        let distance = (clampedLimit - reference.price).magnitude
        // distance / reference <= bps / 10^4, cross-multiplied so the comparison is exact.
        let scaledDistance = product(distance, Fixed(10_000), .up)
        guard scaledDistance > product(reference.price, Fixed(limits.priceBandBps), .up) else { return }
        let bps = (try? scaledDistance.divided(by: reference.price, rounding: .up)) ?? saturatedFixed
        failed.add(
            .priceBand,
            "limit price \(limit) is \(bps) bps from \(reference.source) \(reference.price); band \(limits.priceBandBps) bps"
        )
    }

    /// Brings the buckets up to `time` and reports an empty one; the token is taken by the caller
    /// only when the whole decision approves.
    mutating func checkOrderRate(_ strategyId: String, at time: Timestamp, _ failed: inout FailedRuleList) -> Bool {
        let buckets = state.refillBuckets(strategyId: strategyId, limits: limits, at: time)
        var ok = true
        if !buckets.strategy.hasToken {
            failed.add(.orderRate, "strategy \(strategyId) order rate \(buckets.strategy.limit) exhausted")
            ok = false
        }
        if !buckets.global.hasToken {
            failed.add(.orderRate, "global order rate \(buckets.global.limit) exhausted")
            ok = false
        }
        return ok
    }

    private func milliseconds(_ nanoseconds: Int64) -> Fixed { Fixed(raw: Int128(nanoseconds) * 100) }
}
