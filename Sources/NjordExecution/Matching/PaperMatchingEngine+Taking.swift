import NjordCore

/// A fill decided but not yet recorded: price after slippage, quantity, and its money.
struct PlannedFill {
    var price: Fixed
    var quantity: Fixed
    var notional: Fixed
    var fee: Fixed
}

extension PaperMatchingEngine {
    /// Matches an arriving order as a taker against the opposite side, level by level (one fill
    /// per level, at that level's price). Returns whether the order stays open (a GTC limit's
    /// unfilled rest); otherwise it is done: filled, or its rest expired.
    mutating func takeLiquidity(_ order: inout OpenOrder, into actions: inout [ExecutionAction]) -> Bool {
        let intent = order.intent
        let time = order.arrivesAt
        var levels = intent.side == .buy ? asks : bids
        let plan: (fills: [PlannedFill], complete: Bool)
        do {
            plan = try walk(&levels, for: order)
        } catch {
            actions.append(
                .orderEvent(event(intent, order.intentId, .expired, "arithmetic overflow: \(error)"), at: time))
            return false
        }
        if intent.timeInForce == .fok && !plan.complete {
            let reason = "fill or kill: the book cannot fill the whole order"
            actions.append(.orderEvent(event(intent, order.intentId, .expired, reason), at: time))
            return false
        }
        if intent.side == .buy { asks = levels } else { bids = levels }
        for (i, fill) in plan.fills.enumerated() {
            record(
                fill, of: &order, liquidity: .taker, completes: plan.complete && i == plan.fills.count - 1, at: time,
                into: &actions)
        }
        if plan.complete { return false }
        if intent.orderType == .limit && intent.timeInForce == .gtc { return true }
        actions.append(.orderEvent(event(intent, order.intentId, .expired, expiryReason(order)), at: time))
        return false
    }

    /// Why the rest of a market, IOC or FOK order expired.
    private func expiryReason(_ order: OpenOrder) -> String {
        let wanted = order.intent.quantity.map { "\($0)" } ?? "\(order.intent.quoteAmount ?? .zero) \(quoteAsset)"
        if order.intent.orderType == .limit, let limit = order.intent.limitPrice {
            return "no more liquidity at \(limit) or better: filled \(order.filled) of \(wanted)"
        }
        return "book depth ran out: filled \(order.filled) of \(wanted)"
    }

    /// Plans the taker fills of `order` against `levels` (the opposite side, best first),
    /// consuming what it takes. `complete` is false when the order wants more than the levels
    /// within its limit hold.
    private func walk(
        _ levels: inout [PriceLevel], for order: OpenOrder
    ) throws(FixedPointError) -> (fills: [PlannedFill], complete: Bool) {
        let side = order.intent.side
        let limit = order.intent.orderType == .limit ? order.intent.limitPrice : nil
        var fills: [PlannedFill] = []
        var remaining = order.remaining
        var budget = order.intent.quoteAmount
        var consumed = 0
        var complete = false
        while consumed < levels.count {
            let level = levels[consumed]
            if let limit, side == .buy ? level.price > limit : level.price < limit { break }
            guard level.qty.isPositive else {
                consumed += 1
                continue
            }
            let price = try slipped(level.price, side, limit: limit)
            var quantity = level.qty
            var budgetStops = false
            if let amount = budget {
                // Spend all: whole levels while they fit, then the largest covered step multiple.
                if side == .buy {
                    if try QuoteAmountSizer.buyDebit(quantity: level.qty, price: price, feeRate: fees.takerRate)
                        > amount
                    {
                        quantity = QuoteAmountSizer.largestBuy(
                            budget: amount, price: price, feeRate: fees.takerRate, filters: filters)
                        budgetStops = true
                    }
                } else if try level.qty.multiplied(by: price, rounding: .toNearestOrEven) > amount {
                    quantity = QuoteAmountSizer.largestSell(amount: amount, price: price, filters: filters)
                    budgetStops = true
                }
            } else {
                quantity = min(remaining, level.qty)
            }
            if quantity.isPositive {
                let notional = try quantity.multiplied(by: price, rounding: .toNearestOrEven)
                let fee = try fees.fee(notional: notional, liquidity: .taker)
                fills.append(PlannedFill(price: price, quantity: quantity, notional: notional, fee: fee))
                levels[consumed].qty -= quantity
                if let amount = budget {
                    budget = amount - (side == .buy ? notional + fee : notional)
                } else {
                    remaining -= quantity
                }
            }
            if levels[consumed].qty.isZero { consumed += 1 }
            if budgetStops || remaining.isZero && budget == nil || budget?.isPositive == false {
                complete = true
                break
            }
        }
        levels.removeFirst(consumed)
        return (fills, complete)
    }

    /// A taker's price at a level after slippage, never beyond its limit.
    private func slipped(_ price: Fixed, _ side: Side, limit: Fixed?) throws(FixedPointError) -> Fixed {
        try options.slippage.worsen(price, side: side, filters: filters, limit: limit)
    }

    /// Emits one fill and the order event that follows it; fill ids are `<clientOrderId>-f<n>`.
    mutating func record(
        _ planned: PlannedFill, of order: inout OpenOrder, liquidity: Liquidity, completes: Bool, at time: Timestamp,
        into actions: inout [ExecutionAction]
    ) {
        order.fillCount += 1
        order.filled += planned.quantity
        if order.intent.quantity != nil { order.remaining -= planned.quantity }
        let intent = order.intent
        let fill = Fill(
            fillId: "\(intent.clientOrderId)-f\(order.fillCount)", strategyId: intent.strategyId,
            clientOrderId: intent.clientOrderId, symbol: intent.symbol, side: intent.side, price: planned.price,
            qty: planned.quantity, fee: planned.fee, feeAsset: quoteAsset, liquidity: liquidity)
        actions.append(.fill(fill, at: time))
        actions.append(
            .orderEvent(event(intent, order.intentId, completes ? .filled : .partiallyFilled, nil), at: time))
    }
}
