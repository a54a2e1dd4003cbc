public import NjordCore

extension PaperMatchingEngine {
    /// Puts back a resting limit order that was accepted before its host restarted, as the host's
    /// journal tells it: `filled` base quantity in `fillCount` fills so far, so later fills carry on
    /// the order's fill ids (`<clientOrderId>-f<fillCount + 1>`). Emits nothing: its events are in
    /// the journal already. Returns false, changing nothing, when the order cannot rest here: another
    /// symbol, not a GTC limit with a quantity, nothing left to fill, or its client order id open.
    public mutating func restoreResting(
        _ intent: OrderIntent, intentId: String, filled: Fixed, fillCount: Int, acceptedAt: Timestamp
    ) -> Bool {
        guard intent.symbol == symbol, intent.orderType == .limit, intent.timeInForce == .gtc,
            intent.limitPrice != nil, let quantity = intent.quantity, filled < quantity, !filled.isNegative,
            fillCount >= 0, order(clientOrderId: intent.clientOrderId) == nil
        else { return false }
        var order = OpenOrder(intent: intent, intentId: intentId, arrivesAt: acceptedAt)
        order.isAccepted = true
        order.filled = filled
        order.remaining = quantity - filled
        order.fillCount = fillCount
        orders.append(order)
        return true
    }
}
