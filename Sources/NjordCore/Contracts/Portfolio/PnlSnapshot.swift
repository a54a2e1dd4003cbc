/// Money totals of one strategy or of the whole portfolio (`pnl.snapshot`), in quote terms.
public struct PnlSnapshot: Hashable, Sendable {
    /// The strategy id, or ``portfolioScope`` for the whole portfolio.
    public var scope: String
    public var cash: Fixed
    /// Cash plus marked positions.
    public var equity: Fixed
    public var realizedPnl: Fixed
    public var unrealizedPnl: Fixed
    public var fees: Fixed
    /// Equity now minus equity at the last UTC midnight; nil when the publisher does not say
    /// (the field is optional on the wire).
    public var pnlToday: Fixed?

    /// The scope of portfolio-wide totals.
    public static let portfolioScope = "portfolio"

    public init(
        scope: String, cash: Fixed, equity: Fixed, realizedPnl: Fixed, unrealizedPnl: Fixed, fees: Fixed,
        pnlToday: Fixed? = nil
    ) {
        self.scope = scope
        self.cash = cash
        self.equity = equity
        self.realizedPnl = realizedPnl
        self.unrealizedPnl = unrealizedPnl
        self.fees = fees
        self.pnlToday = pnlToday
    }
}

extension PnlSnapshot: WirePayload {
    static let eventType = EventType.pnlSnapshot
    static let fields = NameTable(["scope", "cash", "equity", "realized_pnl", "unrealized_pnl", "fees", "pnl_today"])
    /// `pnl_today` (the last field) may be absent.
    static let requiredFieldCount = 6

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"scope\":")
        w.string(scope)
        w.raw(",\"cash\":")
        w.decimal(cash)
        w.raw(",\"equity\":")
        w.decimal(equity)
        w.raw(",\"realized_pnl\":")
        w.decimal(realizedPnl)
        w.raw(",\"unrealized_pnl\":")
        w.decimal(unrealizedPnl)
        w.raw(",\"fees\":")
        w.decimal(fees)
        if let pnlToday {
            w.raw(",\"pnl_today\":")
            w.decimal(pnlToday)
        }
        w.byte(UInt8(ascii: "}"))
    }

    static func decode(from r: inout JSONReader) throws(ContractError) -> PnlSnapshot {
        try r.beginObject(at: "data")
        var c = FieldCursor(fields)
        var scope = "", cash = Fixed.zero, equity = Fixed.zero, realizedPnl = Fixed.zero
        var unrealizedPnl = Fixed.zero, fees = Fixed.zero
        var pnlToday: Fixed?
        while let field = try c.next(in: &r, parent: "data") {
            switch field {
            case 0: scope = try r.readString(at: "data.scope")
            case 1: cash = try r.readDecimal(at: "data.cash")
            case 2: equity = try r.readDecimal(at: "data.equity")
            case 3: realizedPnl = try r.readDecimal(at: "data.realized_pnl")
            case 4: unrealizedPnl = try r.readDecimal(at: "data.unrealized_pnl")
            case 5: fees = try r.readDecimal(at: "data.fees")
            case 6: pnlToday = try r.readDecimalOrNull(at: "data.pnl_today")
            default: try r.skipValue(depth: 2, at: "data")
            }
        }
        for i in 0..<requiredFieldCount where !c.contains(i) {
            throw .missingField(path: FieldCursor.join("data", fields.names[i]))
        }
        return PnlSnapshot(
            scope: scope, cash: cash, equity: equity, realizedPnl: realizedPnl, unrealizedPnl: unrealizedPnl,
            fees: fees, pnlToday: pnlToday)
    }
}
