public import NjordCore

/// One OHLCV bar as the store keeps it; the interval, venue and symbol are the file's.
public struct StoredBar: Hashable, Sendable {
    // Stored properties are ordered so that the struct packs into 96 bytes (Fixed is 16-aligned).
    public var openTime: Timestamp
    /// Number of trades in the bar (0 when the source does not say).
    public var trades: Int64
    public var open: Fixed
    public var high: Fixed
    public var low: Fixed
    public var close: Fixed
    public var volume: Fixed

    @inlinable
    public init(
        openTime: Timestamp, open: Fixed, high: Fixed, low: Fixed, close: Fixed, volume: Fixed, trades: Int64
    ) {
        self.openTime = openTime
        self.trades = trades
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    /// The contract bar (`md.bar`) for a venue, symbol and interval.
    public func bar(venue: String, symbol: String, interval: BarInterval) -> Bar {
        Bar(
            venue: venue, symbol: symbol, interval: interval, openTime: openTime, open: open, high: high,
            low: low, close: close, volume: volume, trades: trades)
    }
}
