import NjordCore

/// The position checks: per-symbol notional, gross notional and the daily loss. Positions are valued
/// at each symbol's reference price (products rounded away from zero, so a cap comparison is exact);
/// the order adds its own notional on its side. Each cap binds only orders that add exposure, so an
/// order that reduces a position over the cap (after a price move) still passes.
extension RiskEngine {
    func checkExposure(
        _ intent: OrderIntent, reference: ObservedPrice?, notional: Fixed?, _ failed: inout FailedRuleList
    ) {
        guard let reference else {
            failed.add(.unknownPrice, "no price for \(intent.symbol) to value its position")
            return
        }
        guard let notional else { return }
        let key = PositionKey(strategyId: intent.strategyId, symbol: intent.symbol)
        var unknownInSymbol: [PositionKey] = []
        var unknownElsewhere: [PositionKey] = []
        if state.positions[key] == nil, !state.absentPositionsAreFlat { unknownInSymbol.append(key) }
        if state.unknownPositionCount > 0 {
            for (k, position) in state.positions where !position.known {
                if k.symbol == intent.symbol { unknownInSymbol.append(k) } else { unknownElsewhere.append(k) }
            }
        }
        let netBySymbol = state.netQuantityBySymbol
        let before = product(netBySymbol[intent.symbol] ?? .zero, reference.price, .awayFromZero)
        let after = before + (intent.side == .buy ? notional : -notional)
        let addsExposure = after.magnitude > before.magnitude

        if limits.isOn(.maxPositionNotional) {
            if !unknownInSymbol.isEmpty {
                reportUnknown(unknownInSymbol, &failed)
            } else if addsExposure, after.magnitude > limits.maxPositionNotional {
                failed.add(
                    .maxPositionNotional,
                    "\(intent.symbol) position notional after order \(after.magnitude) exceeds \(limits.maxPositionNotional)"
                )
            }
        }
        guard limits.isOn(.maxGrossNotional) || limits.isOn(.dailyLoss) else { return }
        let unknown = unknownInSymbol + unknownElsewhere
        guard unknown.isEmpty else {
            reportUnknown(unknown, &failed)
            return
        }
        var priced = true
        if limits.isOn(.maxGrossNotional) {
            var gross = after.magnitude
            for (symbol, net) in netBySymbol where symbol != intent.symbol && !net.isZero {
                guard let price = state.prices[symbol]?.reference?.price else {
                    failed.add(.unknownPrice, "no price for \(symbol) to value its position")
                    priced = false
                    continue
                }
                gross += product(net, price, .awayFromZero).magnitude
            }
            if priced, addsExposure, gross > limits.maxGrossNotional {
                failed.add(.maxGrossNotional, "gross notional after order \(gross) exceeds \(limits.maxGrossNotional)")
            }
        }
        if limits.isOn(.dailyLoss) {
            checkDailyLoss(intent.symbol, reference: reference, addsExposure: addsExposure, &failed)
        }
    }

    private func checkDailyLoss(
        _ symbol: String, reference: ObservedPrice, addsExposure: Bool, _ failed: inout FailedRuleList
    ) {
        var unrealized = Fixed.zero
        var priced = true
        for (key, position) in state.positions where !position.quantity.isZero {
            let price = key.symbol == symbol ? reference.price : state.prices[key.symbol]?.reference?.price
            guard let price else {
                failed.add(.unknownPrice, "no price for \(key.symbol) to value its position")
                priced = false
                continue
            }
            // Rounded down: a loss is never understated by rounding.
            unrealized += product(price - position.averagePrice, position.quantity, .down)
        }
        guard priced else { return }
        let loss = -(state.realizedPnL + unrealized)
        guard addsExposure, loss > limits.dailyLossLimit else { return }
        failed.add(
            .dailyLossLimit,
            "loss \(loss) (realized \(-state.realizedPnL), unrealized \(-unrealized)) exceeds \(limits.dailyLossLimit); only orders reducing exposure pass"
        )
    }

    private func reportUnknown(_ keys: [PositionKey], _ failed: inout FailedRuleList) {
        for key in keys.sorted(by: { $0.description < $1.description }) {
            failed.add(.unknownPosition, "position of \(key.strategyId) in \(key.symbol) is unknown")
        }
    }
}
