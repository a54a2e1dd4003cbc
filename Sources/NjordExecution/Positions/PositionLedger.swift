public import NjordCore

/// Every strategy's positions and PnL, folded from fills: the same fills in the same order give
/// the same ledger, so a daemon rebuilds its state by folding its journaled fills.
///
/// Fees are taken to be in the quote asset (the paper matching engine charges them so). Money rules
/// are those of ``Position``.
public struct PositionLedger: Hashable, Sendable {
    public private(set) var positions: [PositionKey: Position] = [:]
    /// The last mark per symbol (last trade or mid, as the host chooses).
    public private(set) var marks: [String: Fixed] = [:]

    public init() {}

    /// The ledger of `fills` applied in order.
    public static func fold(_ fills: some Sequence<Fill>) throws(FixedPointError) -> PositionLedger {
        var ledger = PositionLedger()
        for fill in fills { try ledger.apply(fill) }
        return ledger
    }

    /// Applies one fill. Throws only when a notional overflows `Fixed` (beyond 10³⁰); the ledger
    /// is then unchanged.
    public mutating func apply(_ fill: Fill) throws(FixedPointError) {
        let key = PositionKey(strategyId: fill.strategyId, symbol: fill.symbol)
        var position = positions[key] ?? Position(key: key)
        try position.apply(side: fill.side, price: fill.price, qty: fill.qty, fee: fill.fee)
        positions[key] = position
    }

    /// Sets the mark of a symbol for unrealized PnL.
    public mutating func mark(_ symbol: String, price: Fixed) {
        marks[symbol] = price
    }

    public func position(strategyId: String, symbol: String) -> Position? {
        positions[PositionKey(strategyId: strategyId, symbol: symbol)]
    }

    /// The `position.snapshot` of one position (unrealized PnL zero while the symbol has no mark).
    public func snapshot(of position: Position) throws(FixedPointError) -> PositionSnapshot {
        let mark = marks[position.key.symbol]
        return PositionSnapshot(
            strategyId: position.key.strategyId, symbol: position.key.symbol, qty: position.quantity,
            avgPrice: position.averagePrice, mark: mark, realizedPnl: position.realizedPnl,
            unrealizedPnl: try position.unrealizedPnl(mark: mark), fees: position.fees)
    }

    /// Snapshots of every position, ordered by strategy then symbol.
    public func snapshots() throws(FixedPointError) -> [PositionSnapshot] {
        var result: [PositionSnapshot] = []
        for key in positions.keys.sorted() {
            if let position = positions[key] { result.append(try snapshot(of: position)) }
        }
        return result
    }

    /// The `pnl.snapshot` of one strategy, or of everything when `scope` is
    /// ``PnlSnapshot/portfolioScope``: cash is `startingCash` plus the fills' cash flow, equity is
    /// cash plus the marked value of the open positions (at cost while unmarked).
    public func pnlSnapshot(scope: String, startingCash: Fixed) throws(FixedPointError) -> PnlSnapshot {
        var cash = startingCash, value = Fixed.zero, realized = Fixed.zero, unrealized = Fixed.zero
        var fees = Fixed.zero
        for (key, position) in positions where scope == PnlSnapshot.portfolioScope || key.strategyId == scope {
            let mark = marks[key.symbol]
            cash += position.cashFlow
            value += try position.marketValue(mark: mark)
            realized += position.realizedPnl
            unrealized += try position.unrealizedPnl(mark: mark)
            fees += position.fees
        }
        return PnlSnapshot(
            scope: scope, cash: cash, equity: cash + value, realizedPnl: realized, unrealizedPnl: unrealized,
            fees: fees)
    }
}
