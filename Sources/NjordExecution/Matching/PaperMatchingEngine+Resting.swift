import NjordCore

extension PaperMatchingEngine {
    /// Fills resting limit orders, in time priority, from one public trade, as makers at their
    /// own limit price. A trade strictly through the price fills the whole rest (the liquidity
    /// that printed beyond it would have met this order first). A trade exactly at the price, by
    /// an aggressor on the other side, fills up to the traded quantity under
    /// ``TouchFillRule/tradedQuantity`` (queue position ignored; shared by the orders at the
    /// touch) and not at all under ``TouchFillRule/none``. With a volume cap, all the fills from
    /// one trade together take at most `cap × quantity`, rounded down to the step.
    mutating func fillResting(
        tradePrice: Fixed, tradeQuantity: Fixed, aggressor: Side, at time: Timestamp,
        into actions: inout [ExecutionAction]
    ) {
        var touchLeft = tradeQuantity
        var capLeft = options.volumeCap.map { cap in
            filters.roundQuantityDown((try? tradeQuantity.multiplied(by: cap, rounding: .down)) ?? .zero)
        }
        var index = 0
        while index < orders.count {
            var order = orders[index]
            guard order.isAccepted, order.intent.orderType == .limit, let limit = order.intent.limitPrice else {
                index += 1
                continue
            }
            let side = order.intent.side
            let through = side == .buy ? tradePrice < limit : tradePrice > limit
            let touch = tradePrice == limit && aggressor == side.opposite && options.touchFill == .tradedQuantity
            var quantity = order.remaining
            if !through { quantity = min(quantity, touchLeft) }
            if let cap = capLeft { quantity = min(quantity, cap) }
            guard through || touch, quantity.isPositive,
                let notional = try? quantity.multiplied(by: limit, rounding: .toNearestOrEven),
                let fee = try? fees.fee(notional: notional, liquidity: .maker)
            else {
                index += 1
                continue
            }
            if !through { touchLeft -= quantity }
            if let cap = capLeft { capLeft = cap - quantity }
            let planned = PlannedFill(price: limit, quantity: quantity, notional: notional, fee: fee)
            let completes = quantity == order.remaining
            record(planned, of: &order, liquidity: .maker, completes: completes, at: time, into: &actions)
            if completes {
                orders.remove(at: index)
            } else {
                orders[index] = order
                index += 1
            }
        }
    }
}
