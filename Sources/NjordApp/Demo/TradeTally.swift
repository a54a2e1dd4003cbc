import NjordCore

/// Exact running totals of a trade tape: count, base volume, quote notional (price × quantity, each
/// product exact) and the VWAP they give. The demo folds the tape twice (live off the bus, and back
/// from the journal) and requires the two tallies to be equal to the last digit.
struct TradeTally: Equatable {
    var trades = 0
    var volume = Fixed.zero
    var notional = Fixed.zero
    var firstId: Int64 = .max
    var lastId: Int64 = .min

    mutating func add(_ trade: Trade) throws {
        trades += 1
        volume += trade.qty
        // 8 + 8 fractional digits fit exactly only at 16; round half-even at the 8th, per the money rules.
        notional += try trade.price.multiplied(by: trade.qty, rounding: .toNearestOrEven)
        firstId = min(firstId, trade.tradeId)
        lastId = max(lastId, trade.tradeId)
    }

    var vwap: Fixed? { volume.isZero ? nil : try? notional.divided(by: volume, rounding: .toNearestOrEven) }
}
