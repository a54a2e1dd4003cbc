/// An execution of (part of) an order (`order.fill`).
public struct Fill: Hashable, Sendable {
    /// The venue's trade id for the execution (unique per venue and symbol).
    public var fillId: String
    public var strategyId: String
    public var clientOrderId: String
    public var symbol: String
    public var side: Side
    public var price: Fixed
    public var qty: Fixed
    public var fee: Fixed
    /// The asset the fee was charged in.
    public var feeAsset: String
    public var liquidity: Liquidity

    public init(
        fillId: String, strategyId: String, clientOrderId: String, symbol: String, side: Side, price: Fixed,
        qty: Fixed, fee: Fixed, feeAsset: String, liquidity: Liquidity
    ) {
        self.fillId = fillId
        self.strategyId = strategyId
        self.clientOrderId = clientOrderId
        self.symbol = symbol
        self.side = side
        self.price = price
        self.qty = qty
        self.fee = fee
        self.feeAsset = feeAsset
        self.liquidity = liquidity
    }
}

extension Fill: WirePayload {
    static let eventType = EventType.fill
    static let fields = NameTable([
        "fill_id", "strategy_id", "client_order_id", "symbol", "side", "price", "qty", "fee", "fee_asset",
        "liquidity",
    ])

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"fill_id\":")
        w.string(fillId)
        w.raw(",\"strategy_id\":")
        w.string(strategyId)
        w.raw(",\"client_order_id\":")
        w.string(clientOrderId)
        w.raw(",\"symbol\":")
        w.string(symbol)
        w.raw(",\"side\":")
        w.enumValue(side)
        w.raw(",\"price\":")
        w.decimal(price)
        w.raw(",\"qty\":")
        w.decimal(qty)
        w.raw(",\"fee\":")
        w.decimal(fee)
        w.raw(",\"fee_asset\":")
        w.string(feeAsset)
        w.raw(",\"liquidity\":")
        w.enumValue(liquidity)
        w.byte(UInt8(ascii: "}"))
    }

    static func decode(from r: inout JSONReader) throws(ContractError) -> Fill {
        try r.beginObject(at: "data")
        var c = FieldCursor(fields)
        var fillId = "", strategyId = "", clientOrderId = "", symbol = "", feeAsset = ""
        var side = Side.buy, liquidity = Liquidity.taker
        var price = Fixed.zero, qty = Fixed.zero, fee = Fixed.zero
        while let field = try c.next(in: &r, parent: "data") {
            switch field {
            case 0: fillId = try r.readString(at: "data.fill_id")
            case 1: strategyId = try r.readString(at: "data.strategy_id")
            case 2: clientOrderId = try r.readString(at: "data.client_order_id")
            case 3: symbol = try r.readString(at: "data.symbol")
            case 4: side = try r.readEnum(Side.self, at: "data.side")
            case 5: price = try r.readDecimal(at: "data.price")
            case 6: qty = try r.readDecimal(at: "data.qty")
            case 7: fee = try r.readDecimal(at: "data.fee")
            case 8: feeAsset = try r.readString(at: "data.fee_asset")
            case 9: liquidity = try r.readEnum(Liquidity.self, at: "data.liquidity")
            default: try r.skipValue(depth: 2, at: "data")
            }
        }
        try c.requireAll(parent: "data")
        return Fill(
            fillId: fillId, strategyId: strategyId, clientOrderId: clientOrderId, symbol: symbol, side: side,
            price: price, qty: qty, fee: fee, feeAsset: feeAsset, liquidity: liquidity)
    }
}
