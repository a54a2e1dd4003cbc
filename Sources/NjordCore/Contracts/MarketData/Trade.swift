/// One public trade on a venue (`md.trade`).
public struct Trade: Hashable, Sendable {
    public var venue: String
    public var symbol: String
    /// The venue's trade id.
    public var tradeId: Int64
    public var price: Fixed
    public var qty: Fixed
    /// The taker's (aggressor's) side. Binance's `m: true` (buyer is maker) is a `sell`.
    public var side: Side

    public init(venue: String, symbol: String, tradeId: Int64, price: Fixed, qty: Fixed, side: Side) {
        self.venue = venue
        self.symbol = symbol
        self.tradeId = tradeId
        self.price = price
        self.qty = qty
        self.side = side
    }
}

extension Trade: WirePayload {
    static let eventType = EventType.trade
    static let fields = NameTable(["venue", "symbol", "trade_id", "price", "qty", "side"])

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"venue\":")
        w.string(venue)
        w.raw(",\"symbol\":")
        w.string(symbol)
        w.raw(",\"trade_id\":")
        w.int(tradeId)
        w.raw(",\"price\":")
        w.decimal(price)
        w.raw(",\"qty\":")
        w.decimal(qty)
        w.raw(",\"side\":")
        w.enumValue(side)
        w.byte(UInt8(ascii: "}"))
    }

    /// The trade when it comes next in canonical form (see ``EventEnvelope/canonical(_:)``); nil
    /// otherwise, with the reader left anywhere.
    static func canonical(from r: inout JSONReader) -> Trade? {
        guard r.consumeLiteral("{\"venue\":"), let venue = try? r.readString(at: ""),
            r.consumeLiteral(",\"symbol\":"), let symbol = try? r.readString(at: ""),
            r.consumeLiteral(",\"trade_id\":"), let tradeId = try? r.readInt64(at: ""),
            r.consumeLiteral(",\"price\":"), let price = try? r.readDecimal(at: ""),
            r.consumeLiteral(",\"qty\":"), let qty = try? r.readDecimal(at: ""),
            r.consumeLiteral(",\"side\":"), let side = try? r.readEnum(Side.self, at: ""),
            r.consumeLiteral("}")
        else { return nil }
        return Trade(venue: venue, symbol: symbol, tradeId: tradeId, price: price, qty: qty, side: side)
    }

    static func decode(from r: inout JSONReader) throws(ContractError) -> Trade {
        try r.beginObject(at: "data")
        var c = FieldCursor(fields)
        var venue = "", symbol = "", tradeId: Int64 = 0, price = Fixed.zero, qty = Fixed.zero, side = Side.buy
        while let field = try c.next(in: &r, parent: "data") {
            switch field {
            case 0: venue = try r.readString(at: "data.venue")
            case 1: symbol = try r.readString(at: "data.symbol")
            case 2: tradeId = try r.readInt64(at: "data.trade_id")
            case 3: price = try r.readDecimal(at: "data.price")
            case 4: qty = try r.readDecimal(at: "data.qty")
            case 5: side = try r.readEnum(Side.self, at: "data.side")
            default: try r.skipValue(depth: 2, at: "data")
            }
        }
        try c.requireAll(parent: "data")
        return Trade(venue: venue, symbol: symbol, tradeId: tradeId, price: price, qty: qty, side: side)
    }
}
