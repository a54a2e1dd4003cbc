public import NjordCore

/// An execution of a strategy's order, as reported back to it.
public struct StrategyFill: Hashable, Sendable {
    public var time: Timestamp
    public var side: Side
    public var price: Fixed
    public var quantity: Fixed
    /// Fee paid, in the quote asset.
    public var fee: Fixed

    @inlinable
    public init(time: Timestamp, side: Side, price: Fixed, quantity: Fixed, fee: Fixed) {
        self.time = time
        self.side = side
        self.price = price
        self.quantity = quantity
        self.fee = fee
    }
}
