public import NjordCore

/// One Binance spot market-data frame, mapped to the NjordCore contract payloads.
public enum BinanceMessage: Hashable, Sendable {
    /// A `trade` event; times are Binance's milliseconds since the epoch (`E` and `T`).
    case trade(Trade, eventTimeMs: Int64, tradeTimeMs: Int64)
    /// A `depthUpdate` diff (`U`…`u`); `eventTimeMs` is `E`.
    case depthUpdate(BookDelta, eventTimeMs: Int64)
    /// A `bookTicker` update.
    case bookTicker(TopOfBook)
    /// The REST depth snapshot (`lastUpdateId`, `bids`, `asks`), which names no symbol: it carries
    /// the parser's ``BinanceSpotParser/snapshotSymbol``.
    case depthSnapshot(BookSnapshot)
}
