import NjordCore

/// Reads Binance spot market-data frames: the combined-stream wrapper `{"stream":…,"data":…}` or a
/// bare event (`trade`, `depthUpdate`, `bookTicker`), and the REST depth snapshot
/// `{"lastUpdateId":…,"bids":…,"asks":…}`. Decimals are exact (``Fixed``); a malformed frame throws
/// a ``BinanceParseError`` naming the field. Unknown fields are skipped.
public struct BinanceSpotParser: Sendable {
    public var venue: String
    /// The symbol given to REST depth snapshots, which do not name one.
    public var snapshotSymbol: String

    public init(venue: String = "binance", snapshotSymbol: String) {
        self.venue = venue
        self.snapshotSymbol = snapshotSymbol
    }

    public func parse(_ frame: String) throws(BinanceParseError) -> BinanceMessage {
        var frame = frame
        let result = frame.withUTF8 { bytes in
            Result { () throws(BinanceParseError) -> BinanceMessage in try parse(bytes) }
        }
        return try result.get()
    }

    public func parse(_ frame: UnsafeBufferPointer<UInt8>) throws(BinanceParseError) -> BinanceMessage {
        var s = BinanceJSONScanner(frame)
        try s.beginObject("frame")
        var top = BinanceEventFields()
        var data: BinanceEventFields?
        var stream: Range<Int>?
        var lastUpdateId: Int64?
        var bids: [PriceLevel]?
        var asks: [PriceLevel]?
        var firstUnknownKey: Range<Int>?
        var first = true
        while let key = try s.nextKey(isFirst: &first, "frame") {
            if key.count == 1 {
                try top.read(key: s.bytes[key.lowerBound], from: &s, prefix: "")
            } else if s.equals(key, "stream") {
                stream = try s.readStringRange("stream")
            } else if s.equals(key, "data") {
                var fields = BinanceEventFields()
                try fields.readObject(from: &s, prefix: "data.")
                data = fields
            } else if s.equals(key, "lastUpdateId") {
                lastUpdateId = try s.readInt64("lastUpdateId")
            } else if s.equals(key, "bids") {
                var levels: [PriceLevel] = []
                levels.reserveCapacity(1024)
                try s.readLevels("bids", into: &levels)
                bids = levels
            } else if s.equals(key, "asks") {
                var levels: [PriceLevel] = []
                levels.reserveCapacity(1024)
                try s.readLevels("asks", into: &levels)
                asks = levels
            } else {
                if firstUnknownKey == nil { firstUnknownKey = key }
                let name = s.string(key)
                try s.skipValue(name)
            }
        }
        try s.finish()

        if let data { return try data.message(venue: venue, prefix: "data.", stream: stream.map(s.string)) }
        if let lastUpdateId {
            guard let bids else { throw .missingField("bids") }
            guard let asks else { throw .missingField("asks") }
            return .depthSnapshot(
                BookSnapshot(venue: venue, symbol: snapshotSymbol, lastUpdateId: lastUpdateId, bids: bids, asks: asks))
        }
        if top.hasAny { return try top.message(venue: venue, prefix: "", stream: nil) }
        if stream != nil { throw .missingField("data") }
        throw .unsupportedEvent(firstUnknownKey.map(s.string) ?? "{}")
    }
}
