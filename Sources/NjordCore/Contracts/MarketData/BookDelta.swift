/// Changes to an order book between two update ids (`md.delta`). A level with qty `0` is removed.
public struct BookDelta: Hashable, Sendable {
    public var venue: String
    public var symbol: String
    /// The first venue update id the delta covers.
    public var firstUpdateId: Int64
    /// The last venue update id the delta covers.
    public var lastUpdateId: Int64
    public var bids: [PriceLevel]
    public var asks: [PriceLevel]

    public init(
        venue: String, symbol: String, firstUpdateId: Int64, lastUpdateId: Int64, bids: [PriceLevel],
        asks: [PriceLevel]
    ) {
        self.venue = venue
        self.symbol = symbol
        self.firstUpdateId = firstUpdateId
        self.lastUpdateId = lastUpdateId
        self.bids = bids
        self.asks = asks
    }
}

extension BookDelta: WirePayload {
    static let eventType = EventType.bookDelta
    static let fields = NameTable(["venue", "symbol", "first_update_id", "last_update_id", "bids", "asks"])

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"venue\":")
        w.string(venue)
        w.raw(",\"symbol\":")
        w.string(symbol)
        w.raw(",\"first_update_id\":")
        w.int(firstUpdateId)
        w.raw(",\"last_update_id\":")
        w.int(lastUpdateId)
        w.raw(",\"bids\":")
        w.levels(bids)
        w.raw(",\"asks\":")
        w.levels(asks)
        w.byte(UInt8(ascii: "}"))
    }

    static func decode(from r: inout JSONReader) throws(ContractError) -> BookDelta {
        try r.beginObject(at: "data")
        var c = FieldCursor(fields)
        var venue = "", symbol = "", firstUpdateId: Int64 = 0, lastUpdateId: Int64 = 0
        var bids: [PriceLevel] = [], asks: [PriceLevel] = []
        while let field = try c.next(in: &r, parent: "data") {
            switch field {
            case 0: venue = try r.readString(at: "data.venue")
            case 1: symbol = try r.readString(at: "data.symbol")
            case 2: firstUpdateId = try r.readInt64(at: "data.first_update_id")
            case 3: lastUpdateId = try r.readInt64(at: "data.last_update_id")
            case 4: bids = try r.readLevels(at: "data.bids")
            case 5: asks = try r.readLevels(at: "data.asks")
            default: try r.skipValue(depth: 2, at: "data")
            }
        }
        try c.requireAll(parent: "data")
        return BookDelta(
            venue: venue, symbol: symbol, firstUpdateId: firstUpdateId, lastUpdateId: lastUpdateId, bids: bids,
            asks: asks)
    }
}
