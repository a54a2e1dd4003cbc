/// An OHLCV bar (`md.bar`) over one interval starting at `openTime`.
public struct Bar: Hashable, Sendable {
    public var venue: String
    public var symbol: String
    public var interval: BarInterval
    public var openTime: Timestamp
    public var open: Fixed
    public var high: Fixed
    public var low: Fixed
    public var close: Fixed
    /// Base-asset volume traded in the bar.
    public var volume: Fixed
    /// Number of trades in the bar.
    public var trades: Int64

    public init(
        venue: String, symbol: String, interval: BarInterval, openTime: Timestamp, open: Fixed, high: Fixed,
        low: Fixed, close: Fixed, volume: Fixed, trades: Int64
    ) {
        self.venue = venue
        self.symbol = symbol
        self.interval = interval
        self.openTime = openTime
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.trades = trades
    }
}

extension Bar: WirePayload {
    static let eventType = EventType.bar
    static let fields = NameTable([
        "venue", "symbol", "interval", "open_time", "open", "high", "low", "close", "volume", "trades",
    ])

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"venue\":")
        w.string(venue)
        w.raw(",\"symbol\":")
        w.string(symbol)
        w.raw(",\"interval\":")
        w.enumValue(interval)
        w.raw(",\"open_time\":")
        w.int(openTime.nanosecondsSinceEpoch)
        w.raw(",\"open\":")
        w.decimal(open)
        w.raw(",\"high\":")
        w.decimal(high)
        w.raw(",\"low\":")
        w.decimal(low)
        w.raw(",\"close\":")
        w.decimal(close)
        w.raw(",\"volume\":")
        w.decimal(volume)
        w.raw(",\"trades\":")
        w.int(trades)
        w.byte(UInt8(ascii: "}"))
    }

    static func decode(from r: inout JSONReader) throws(ContractError) -> Bar {
        try r.beginObject(at: "data")
        var c = FieldCursor(fields)
        var venue = "", symbol = "", interval = BarInterval.oneMinute, openTime: Int64 = 0, trades: Int64 = 0
        var open = Fixed.zero, high = Fixed.zero, low = Fixed.zero, close = Fixed.zero, volume = Fixed.zero
        while let field = try c.next(in: &r, parent: "data") {
            switch field {
            case 0: venue = try r.readString(at: "data.venue")
            case 1: symbol = try r.readString(at: "data.symbol")
            case 2: interval = try r.readEnum(BarInterval.self, at: "data.interval")
            case 3: openTime = try r.readInt64(at: "data.open_time")
            case 4: open = try r.readDecimal(at: "data.open")
            case 5: high = try r.readDecimal(at: "data.high")
            case 6: low = try r.readDecimal(at: "data.low")
            case 7: close = try r.readDecimal(at: "data.close")
            case 8: volume = try r.readDecimal(at: "data.volume")
            case 9: trades = try r.readInt64(at: "data.trades")
            default: try r.skipValue(depth: 2, at: "data")
            }
        }
        try c.requireAll(parent: "data")
        return Bar(
            venue: venue, symbol: symbol, interval: interval, openTime: Timestamp(nanosecondsSinceEpoch: openTime),
            open: open, high: high, low: low, close: close, volume: volume, trades: trades)
    }
}
