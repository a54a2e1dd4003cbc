public import NjordCore

/// One strategy's position in one symbol, on average cost, in exact quote money.
///
/// The books are kept as a signed **cost basis** (what the open quantity cost: positive for a long,
/// minus the proceeds for a short) rather than as an average price, so no rounding accumulates:
/// - a fill's notional is `price × qty` rounded half-even (the cash that moves);
/// - adding to a position adds the notional to the cost basis;
/// - reducing it removes the closed share `costBasis × closed / |qty|` (half-even; the whole cost
///   basis when it closes), and realizes that share against the closing notional;
/// - a fill that crosses zero closes the old side fully and opens the new one with the rest of its
///   notional: the average cost resets.
/// Hence `cash flow + cost basis = realized − fees` at every step, exactly, and unrealized PnL is
/// `qty × mark` (half-even) minus the cost basis. ``averagePrice`` is `|costBasis| / |qty|`
/// rounded half-even: for display and snapshots only, never fed back.
public struct Position: Hashable, Sendable {
    public let key: PositionKey
    /// Signed base quantity (negative: short).
    public internal(set) var quantity: Fixed = .zero
    /// Signed cost of the open quantity (see the type's notes); zero when flat.
    public internal(set) var costBasis: Fixed = .zero
    public internal(set) var realizedPnl: Fixed = .zero
    /// Fees paid, quote terms (a rebate lowers it).
    public internal(set) var fees: Fixed = .zero
    /// Quote cash this position has moved: sells' notionals minus buys' notionals minus fees.
    public internal(set) var cashFlow: Fixed = .zero
    /// Fills applied.
    public internal(set) var fillCount = 0

    public init(key: PositionKey) { self.key = key }

    /// Average entry price of the open quantity; zero when flat.
    public var averagePrice: Fixed {
        guard !quantity.isZero else { return .zero }
        return (try? costBasis.magnitude.divided(by: quantity.magnitude, rounding: .toNearestOrEven)) ?? .zero
    }

    /// `qty × mark − costBasis`; zero without a mark.
    public func unrealizedPnl(mark: Fixed?) throws(FixedPointError) -> Fixed {
        guard let mark else { return .zero }
        return try marketValue(mark: mark) - costBasis
    }

    /// `qty × mark` rounded half-even (signed); the cost basis without a mark.
    public func marketValue(mark: Fixed?) throws(FixedPointError) -> Fixed {
        guard let mark else { return costBasis }
        return try quantity.multiplied(by: mark, rounding: .toNearestOrEven)
    }

    /// Applies one fill of this strategy and symbol; the fee is taken to be in quote terms.
    mutating func apply(side: Side, price: Fixed, qty: Fixed, fee: Fixed) throws(FixedPointError) {
        let signed = side == .buy ? qty : -qty
        let notional = try qty.multiplied(by: price, rounding: .toNearestOrEven)
        // Cash this fill moves, before fees: a buy pays, a sell receives.
        let cash = side == .buy ? -notional : notional
        cashFlow += cash - fee
        fees += fee
        fillCount += 1
        let reduces = !quantity.isZero && (quantity.isNegative != signed.isNegative)
        guard reduces else {
            quantity += signed
            costBasis -= cash
            return
        }
        let closed = min(qty, quantity.magnitude)
        // The closing part's cash; the rest (if it crosses zero) opens the new side.
        var closingCash = cash
        if closed != qty {
            let closingNotional = try closed.multiplied(by: price, rounding: .toNearestOrEven)
            closingCash = side == .buy ? -closingNotional : closingNotional
        }
        let removed =
            closed == quantity.magnitude ? costBasis : try Position.share(of: costBasis, closed, quantity.magnitude)
        realizedPnl += closingCash - removed
        costBasis -= removed
        quantity += signed
        costBasis -= cash - closingCash
    }

    /// `value × part / whole`, rounded half-even, exact in 256 bits.
    static func share(of value: Fixed, _ part: Fixed, _ whole: Fixed) throws(FixedPointError) -> Fixed {
        guard whole.isPositive else { throw .divisionByZero }
        let product = value.raw.magnitude.multipliedFullWidth(by: part.raw.magnitude)
        guard product.high < UInt128(whole.raw) else { throw .overflow }
        let (q, r) = UInt128(whole.raw).dividingFullWidth(product)
        var quotient = q
        let twice = r.multipliedReportingOverflow(by: 2)
        if twice.overflow || twice.partialValue > UInt128(whole.raw)
            || (twice.partialValue == UInt128(whole.raw) && quotient & 1 == 1)
        {
            quotient += 1
        }
        guard quotient <= UInt128(Int128.max) else { throw .overflow }
        return Fixed(raw: value.isNegative ? -Int128(quotient) : Int128(quotient))
    }
}
