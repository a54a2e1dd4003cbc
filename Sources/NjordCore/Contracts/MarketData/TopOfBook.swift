/// The best bid and ask (`md.tob`), Binance's `bookTicker`.
public struct TopOfBook: Hashable, Sendable {
    public var venue: String
    public var symbol: String
    public var updateId: Int64
    public var bid: Fixed
    public var bidQty: Fixed
    public var ask: Fixed
    public var askQty: Fixed

    public init(
        venue: String, symbol: String, updateId: Int64, bid: Fixed, bidQty: Fixed, ask: Fixed, askQty: Fixed
    ) {
        self.venue = venue
        self.symbol = symbol
        self.updateId = updateId
        self.bid = bid
        self.bidQty = bidQty
        self.ask = ask
        self.askQty = askQty
    }
}

extension TopOfBook: WirePayload {
    static let eventType = EventType.topOfBook
    static let fields = NameTable(["venue", "symbol", "update_id", "bid", "bid_qty", "ask", "ask_qty"])

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"venue\":")
        w.string(venue)
        w.raw(",\"symbol\":")
        w.string(symbol)
        w.raw(",\"update_id\":")
        w.int(updateId)
        w.raw(",\"bid\":")
        w.decimal(bid)
        w.raw(",\"bid_qty\":")
        w.decimal(bidQty)
        w.raw(",\"ask\":")
        w.decimal(ask)
        w.raw(",\"ask_qty\":")
        w.decimal(askQty)
        w.byte(UInt8(ascii: "}"))
    }

    static func decode(from r: inout JSONReader) throws(ContractError) -> TopOfBook {
        try r.beginObject(at: "data")
        var c = FieldCursor(fields)
        var venue = "", symbol = "", updateId: Int64 = 0
        var bid = Fixed.zero, bidQty = Fixed.zero, ask = Fixed.zero, askQty = Fixed.zero
        while let field = try c.next(in: &r, parent: "data") {
            switch field {
            case 0: venue = try r.readString(at: "data.venue")
            case 1: symbol = try r.readString(at: "data.symbol")
            case 2: updateId = try r.readInt64(at: "data.update_id")
            case 3: bid = try r.readDecimal(at: "data.bid")
            case 4: bidQty = try r.readDecimal(at: "data.bid_qty")
            case 5: ask = try r.readDecimal(at: "data.ask")
            case 6: askQty = try r.readDecimal(at: "data.ask_qty")
            default: try r.skipValue(depth: 2, at: "data")
            }
        }
        try c.requireAll(parent: "data")
        return TopOfBook(
            venue: venue, symbol: symbol, updateId: updateId, bid: bid, bidQty: bidQty, ask: ask, askQty: askQty)
    }
}
