public import NjordCore

/// One OHLCV bar as a strategy sees it; `time` is the bar's open time.
public struct StrategyBar: Hashable, Sendable {
    public var time: Timestamp
    public var open: Fixed
    public var high: Fixed
    public var low: Fixed
    public var close: Fixed
    public var volume: Fixed

    @inlinable
    public init(time: Timestamp, open: Fixed, high: Fixed, low: Fixed, close: Fixed, volume: Fixed) {
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}
