public import NjordCore

/// A price observation the risk engine values orders and positions with.
public enum MarketPrice: Hashable, Sendable {
    /// The price of the latest trade.
    case lastTrade(Fixed)
    /// The middle of the best bid and ask.
    case mid(Fixed)
}

/// A price the engine observed: its value, when, and whether it is a trade or a mid.
public struct ObservedPrice: Hashable, Sendable {
    public var price: Fixed
    public var at: Timestamp
    /// `last trade` or `mid`, for decision details.
    public var source: String

    public init(price: Fixed, at: Timestamp, source: String) {
        self.price = price
        self.at = at
        self.source = source
    }
}

/// What the engine knows of one symbol's prices.
public struct SymbolPrices: Hashable, Sendable {
    public var lastTrade: ObservedPrice?
    public var mid: ObservedPrice?

    public init(lastTrade: ObservedPrice? = nil, mid: ObservedPrice? = nil) {
        self.lastTrade = lastTrade
        self.mid = mid
    }

    /// The price orders are valued and banded against: the more recent of the last trade and the
    /// mid (the trade on a tie), whichever tells the newer truth about the market.
    public var reference: ObservedPrice? {
        guard let mid else { return lastTrade }
        guard let lastTrade else { return mid }
        return mid.at > lastTrade.at ? mid : lastTrade
    }
}
