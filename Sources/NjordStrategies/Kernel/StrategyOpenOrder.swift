public import NjordCore

/// One of the strategy's orders that is still working: submitted (and not yet rejected, canceled,
/// expired or completely filled). The host adds it when it names the order, so a strategy sees its
/// own order on the very next event, before the venue has acknowledged it.
public struct StrategyOpenOrder: Hashable, Sendable {
    /// `<strategyId>-<sequence>`, assigned by the host.
    public var clientOrderId: String
    public var side: Side
    public var type: StrategyOrderType
    /// What is left to fill. A quote-amount order leaves on its first fill (a venue fills such a
    /// market order at once and expires the rest).
    public var remaining: OrderSize
    /// Whether the venue has accepted it (an `order.event` with status `accepted`).
    public var accepted: Bool
    /// Whether a cancel has been sent; the order stays open (it may still fill) until the venue
    /// confirms, and the host sends no second cancel for it.
    public var cancelRequested: Bool

    public init(
        clientOrderId: String, side: Side, type: StrategyOrderType, remaining: OrderSize, accepted: Bool = false,
        cancelRequested: Bool = false
    ) {
        self.clientOrderId = clientOrderId
        self.side = side
        self.type = type
        self.remaining = remaining
        self.accepted = accepted
        self.cancelRequested = cancelRequested
    }

    /// The limit price; nil for a market order.
    public var price: Fixed? {
        if case .limit(let price) = type { return price }
        return nil
    }

    /// The base quantity left; nil while a quote-amount order is open.
    public var remainingQuantity: Fixed? {
        if case .quantity(let quantity) = remaining { return quantity }
        return nil
    }
}
