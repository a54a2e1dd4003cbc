/// A full order book at one update id (`md.book`), best levels first.
public struct BookSnapshot: Hashable, Sendable {
    public var venue: String
    public var symbol: String
    /// The venue's update id the snapshot is current to.
    public var lastUpdateId: Int64
    /// Bids, highest price first.
    public var bids: [PriceLevel]
    /// Asks, lowest price first.
    public var asks: [PriceLevel]

    public init(venue: String, symbol: String, lastUpdateId: Int64, bids: [PriceLevel], asks: [PriceLevel]) {
        self.venue = venue
        self.symbol = symbol
        self.lastUpdateId = lastUpdateId
        self.bids = bids
        self.asks = asks
    }
}

extension BookSnapshot: WirePayload {
    static let eventType = EventType.bookSnapshot
    static let fields = NameTable(["venue", "symbol", "last_update_id", "bids", "asks"])

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"venue\":")
        w.string(venue)
        w.raw(",\"symbol\":")
        w.string(symbol)
        w.raw(",\"last_update_id\":")
        w.int(lastUpdateId)
        w.raw(",\"bids\":")
        w.levels(bids)
        w.raw(",\"asks\":")
        w.levels(asks)
        w.byte(UInt8(ascii: "}"))
    }

    static func decode(from r: inout JSONReader) throws(ContractError) -> BookSnapshot {
        try r.beginObject(at: "data")
        var c = FieldCursor(fields)
        var venue = "", symbol = "", lastUpdateId: Int64 = 0, bids: [PriceLevel] = [], asks: [PriceLevel] = []
        while let field = try c.next(in: &r, parent: "data") {
            switch field {
            case 0: venue = try r.readString(at: "data.venue")
            case 1: symbol = try r.readString(at: "data.symbol")
            case 2: lastUpdateId = try r.readInt64(at: "data.last_update_id")
            case 3: bids = try r.readLevels(at: "data.bids")
            case 4: asks = try r.readLevels(at: "data.asks")
            default: try r.skipValue(depth: 2, at: "data")
            }
        }
        try c.requireAll(parent: "data")
        return BookSnapshot(venue: venue, symbol: symbol, lastUpdateId: lastUpdateId, bids: bids, asks: asks)
    }
}
