/// One strategy's position in one symbol (`position.snapshot`).
public struct PositionSnapshot: Hashable, Sendable {
    public var strategyId: String
    public var symbol: String
    /// Signed base quantity held (negative: short).
    public var qty: Fixed
    /// Average entry price of the open quantity.
    public var avgPrice: Fixed
    /// The mark price used for unrealized PnL; nil before any price is known.
    public var mark: Fixed?
    public var realizedPnl: Fixed
    public var unrealizedPnl: Fixed
    /// Fees paid, in quote terms.
    public var fees: Fixed

    public init(
        strategyId: String, symbol: String, qty: Fixed, avgPrice: Fixed, mark: Fixed?, realizedPnl: Fixed,
        unrealizedPnl: Fixed, fees: Fixed
    ) {
        self.strategyId = strategyId
        self.symbol = symbol
        self.qty = qty
        self.avgPrice = avgPrice
        self.mark = mark
        self.realizedPnl = realizedPnl
        self.unrealizedPnl = unrealizedPnl
        self.fees = fees
    }
}

extension PositionSnapshot: WirePayload {
    static let eventType = EventType.positionSnapshot
    static let fields = NameTable([
        "strategy_id", "symbol", "qty", "avg_price", "mark", "realized_pnl", "unrealized_pnl", "fees",
    ])

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"strategy_id\":")
        w.string(strategyId)
        w.raw(",\"symbol\":")
        w.string(symbol)
        w.raw(",\"qty\":")
        w.decimal(qty)
        w.raw(",\"avg_price\":")
        w.decimal(avgPrice)
        w.raw(",\"mark\":")
        w.decimal(mark)
        w.raw(",\"realized_pnl\":")
        w.decimal(realizedPnl)
        w.raw(",\"unrealized_pnl\":")
        w.decimal(unrealizedPnl)
        w.raw(",\"fees\":")
        w.decimal(fees)
        w.byte(UInt8(ascii: "}"))
    }

    static func decode(from r: inout JSONReader) throws(ContractError) -> PositionSnapshot {
        try r.beginObject(at: "data")
        var c = FieldCursor(fields)
        var strategyId = "", symbol = "", mark: Fixed?
        var qty = Fixed.zero, avgPrice = Fixed.zero, realizedPnl = Fixed.zero, unrealizedPnl = Fixed.zero
        var fees = Fixed.zero
        while let field = try c.next(in: &r, parent: "data") {
            switch field {
            case 0: strategyId = try r.readString(at: "data.strategy_id")
            case 1: symbol = try r.readString(at: "data.symbol")
            case 2: qty = try r.readDecimal(at: "data.qty")
            case 3: avgPrice = try r.readDecimal(at: "data.avg_price")
            case 4: mark = try r.readDecimalOrNull(at: "data.mark")
            case 5: realizedPnl = try r.readDecimal(at: "data.realized_pnl")
            case 6: unrealizedPnl = try r.readDecimal(at: "data.unrealized_pnl")
            case 7: fees = try r.readDecimal(at: "data.fees")
            default: try r.skipValue(depth: 2, at: "data")
            }
        }
        try c.requireAll(parent: "data")
        return PositionSnapshot(
            strategyId: strategyId, symbol: symbol, qty: qty, avgPrice: avgPrice, mark: mark,
            realizedPnl: realizedPnl, unrealizedPnl: unrealizedPnl, fees: fees)
    }
}
