public import NjordCore

/// Whose position in what: positions are kept per strategy and symbol.
public struct PositionKey: Hashable, Sendable, CustomStringConvertible {
    public var strategyId: String
    public var symbol: String

    public init(strategyId: String, symbol: String) {
        self.strategyId = strategyId
        self.symbol = symbol
    }

    public var description: String { "\(strategyId)/\(symbol)" }
}

/// A position as the risk engine knows it: signed base quantity (negative is short) and the average
/// entry price. `known` is false until the position was stated (reconciled) or assumed flat; fills on
/// an unknown position are still counted but do not make it known.
public struct RiskPosition: Hashable, Sendable {
    public var quantity: Fixed
    public var averagePrice: Fixed
    public var known: Bool

    public init(quantity: Fixed = .zero, averagePrice: Fixed = .zero, known: Bool) {
        self.quantity = quantity
        self.averagePrice = averagePrice
        self.known = known
    }

    /// Applies an execution of `qty` at `price` (buy positive, sell negative) and returns the PnL it
    /// realizes: average-cost accounting, half-even rounding of the average and of the PnL.
    public mutating func apply(signedQuantity qty: Fixed, price: Fixed) -> Fixed {
        guard !qty.isZero else { return .zero }
        let sameDirection = quantity.isZero || quantity.isNegative == qty.isNegative
        if sameDirection {
            let old = quantity.magnitude, added = qty.magnitude
            let cost = product(old, averagePrice, .toNearestOrEven)
            let addedCost = product(added, price, .toNearestOrEven)
            averagePrice = (try? (cost + addedCost).divided(by: old + added, rounding: .toNearestOrEven)) ?? price
            quantity += qty
            return .zero
        }
        let closed = Swift.min(quantity.magnitude, qty.magnitude)
        let perUnit = quantity.isNegative ? averagePrice - price : price - averagePrice
        let realized = product(perUnit, closed, .toNearestOrEven)
        let wasMagnitude = quantity.magnitude
        quantity += qty
        if quantity.isZero {
            averagePrice = .zero
        } else if qty.magnitude > wasMagnitude {
            // Crossed through flat: the rest opens a new position at the fill price.
            averagePrice = price
        }
        return realized
    }
}
