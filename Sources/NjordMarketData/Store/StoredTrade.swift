public import NjordCore

/// One trade as the store keeps it: no venue or symbol per record (the file's path says them), so
/// reading allocates nothing per record.
public struct StoredTrade: Hashable, Sendable {
    public var time: Timestamp
    /// The venue's trade id.
    public var tradeId: Int64
    public var price: Fixed
    public var qty: Fixed
    /// The taker's (aggressor's) side.
    public var side: Side

    @inlinable
    public init(time: Timestamp, tradeId: Int64, price: Fixed, qty: Fixed, side: Side) {
        self.time = time
        self.tradeId = tradeId
        self.price = price
        self.qty = qty
        self.side = side
    }

    /// The contract trade (`md.trade`) for a venue and symbol.
    public func trade(venue: String, symbol: String) -> Trade {
        Trade(venue: venue, symbol: symbol, tradeId: tradeId, price: price, qty: qty, side: side)
    }
}
