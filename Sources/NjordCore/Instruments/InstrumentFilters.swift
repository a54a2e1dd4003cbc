/// An instrument's trading rules, as Binance states them in `exchangeInfo`: `PRICE_FILTER`,
/// `LOT_SIZE` and `MIN_NOTIONAL`/`NOTIONAL`. Every order is rounded and checked against these
/// before it leaves a strategy, in the risk engine, and in the fill simulator.
public struct InstrumentFilters: Hashable, Sendable {
    /// `PRICE_FILTER`: a price is valid when `minPrice <= price <= maxPrice` and
    /// `(price - minPrice) % tickSize == 0`. A zero `maxPrice` or `tickSize` disables that part.
    public var minPrice: Fixed
    public var maxPrice: Fixed
    public var tickSize: Fixed
    /// `LOT_SIZE`: `minQty <= qty <= maxQty` and `(qty - minQty) % stepSize == 0`.
    public var minQuantity: Fixed
    public var maxQuantity: Fixed
    public var stepSize: Fixed
    /// `MIN_NOTIONAL`/`NOTIONAL`: `price × qty >= minNotional` (and `<= maxNotional` when non-zero).
    public var minNotional: Fixed
    public var maxNotional: Fixed
    /// Whether the notional minimum also binds market orders (`applyToMarket`); their notional is
    /// then estimated from a reference price the caller supplies.
    public var minNotionalAppliesToMarket: Bool

    public init(
        minPrice: Fixed = .zero, maxPrice: Fixed = .zero, tickSize: Fixed = .zero,
        minQuantity: Fixed = .zero, maxQuantity: Fixed = .zero, stepSize: Fixed = .zero,
        minNotional: Fixed = .zero, maxNotional: Fixed = .zero, minNotionalAppliesToMarket: Bool = true
    ) {
        self.minPrice = minPrice
        self.maxPrice = maxPrice
        self.tickSize = tickSize
        self.minQuantity = minQuantity
        self.maxQuantity = maxQuantity
        self.stepSize = stepSize
        self.minNotional = minNotional
        self.maxNotional = maxNotional
        self.minNotionalAppliesToMarket = minNotionalAppliesToMarket
    }

    /// Filters that accept any positive value on the finest grid: bare CSV backtests.
    public static let unrestricted = InstrumentFilters(tickSize: .ulp, stepSize: .ulp)

    // MARK: - Rounding

    /// `price` moved onto the tick grid (anchored at `minPrice`, as Binance anchors it) in the
    /// given direction: `.down` for a passive buy, `.up` for a passive sell, a nearest rule otherwise.
    public func roundPrice(_ price: Fixed, _ rule: FloatingPointRoundingRule) -> Fixed {
        guard tickSize.isPositive else { return price }
        return (price - minPrice).rounded(toMultipleOf: tickSize, rule) + minPrice
    }

    /// `quantity` rounded toward zero onto the step grid (anchored at `minQuantity`): an order
    /// never asks for more than was meant. Below `minQuantity` gives zero.
    public func roundQuantityDown(_ quantity: Fixed) -> Fixed {
        guard quantity >= minQuantity, quantity.isPositive else { return .zero }
        guard stepSize.isPositive else { return quantity }
        return (quantity - minQuantity).rounded(toMultipleOf: stepSize, .towardZero) + minQuantity
    }

    /// The smallest quantity on the step grid whose notional at `price` meets `minNotional`
    /// (and `minQuantity`): what a strategy must order at least.
    public func minimumQuantity(at price: Fixed) throws(FixedPointError) -> Fixed {
        var quantity = minQuantity
        if minNotional.isPositive, price.isPositive {
            let needed = try minNotional.divided(by: price, rounding: .up)
            if needed > quantity { quantity = needed }
        }
        guard stepSize.isPositive else { return quantity }
        return (quantity - minQuantity).rounded(toMultipleOf: stepSize, .up) + minQuantity
    }

    // MARK: - Validation

    /// Every rule the order breaks; empty when it passes. `price` is the limit price, or for a
    /// market order a reference price (last or mid) used only for the notional check.
    public func violations(price: Fixed, quantity: Fixed, isMarket: Bool) -> [FilterViolation] {
        var found: [FilterViolation] = []
        if !isMarket {
            if price < minPrice || !price.isPositive {
                found.append(.priceBelowMinimum(price: price, minimum: minPrice))
            }
            if maxPrice.isPositive, price > maxPrice {
                found.append(.priceAboveMaximum(price: price, maximum: maxPrice))
            }
            if tickSize.isPositive, !(price - minPrice).isMultiple(of: tickSize) {
                found.append(.priceOffTick(price: price, tickSize: tickSize))
            }
        }
        if quantity < minQuantity || !quantity.isPositive {
            found.append(.quantityBelowMinimum(quantity: quantity, minimum: minQuantity))
        }
        if maxQuantity.isPositive, quantity > maxQuantity {
            found.append(.quantityAboveMaximum(quantity: quantity, maximum: maxQuantity))
        }
        if stepSize.isPositive, !(quantity - minQuantity).isMultiple(of: stepSize) {
            found.append(.quantityOffStep(quantity: quantity, stepSize: stepSize))
        }
        if price.isPositive, !isMarket || minNotionalAppliesToMarket {
            // Notional is compared exactly: the product is formed in 256 bits, no rounding needed
            // for a comparison against a value on the 10^-8 grid except at the last digit, where
            // rounding toward zero can only make the check stricter.
            if let notional = try? price.multiplied(by: quantity, rounding: .towardZero) {
                if minNotional.isPositive, notional < minNotional {
                    found.append(.notionalBelowMinimum(notional: notional, minimum: minNotional))
                }
                if maxNotional.isPositive, notional > maxNotional {
                    found.append(.notionalAboveMaximum(notional: notional, maximum: maxNotional))
                }
            } else {
                found.append(.notionalAboveMaximum(notional: .max, maximum: maxNotional))
            }
        }
        return found
    }
}

/// One broken instrument rule, named as the risk engine reports it.
public enum FilterViolation: Hashable, Sendable, CustomStringConvertible {
    /// The limit price is below `minPrice` or not positive.
    case priceBelowMinimum(price: Fixed, minimum: Fixed)
    /// The limit price is above `maxPrice`.
    case priceAboveMaximum(price: Fixed, maximum: Fixed)
    /// The limit price is not on the tick grid.
    case priceOffTick(price: Fixed, tickSize: Fixed)
    /// The quantity is below `minQty` or not positive.
    case quantityBelowMinimum(quantity: Fixed, minimum: Fixed)
    /// The quantity is above `maxQty`.
    case quantityAboveMaximum(quantity: Fixed, maximum: Fixed)
    /// The quantity is not on the step grid.
    case quantityOffStep(quantity: Fixed, stepSize: Fixed)
    /// Price × quantity is below the minimum notional.
    case notionalBelowMinimum(notional: Fixed, minimum: Fixed)
    /// Price × quantity is above the maximum notional.
    case notionalAboveMaximum(notional: Fixed, maximum: Fixed)

    /// The rule's name as it appears in risk decisions.
    public var rule: String {
        switch self {
        case .priceBelowMinimum, .priceAboveMaximum, .priceOffTick: "price_filter"
        case .quantityBelowMinimum, .quantityAboveMaximum, .quantityOffStep: "lot_size"
        case .notionalBelowMinimum, .notionalAboveMaximum: "min_notional"
        }
    }

    public var description: String {
        switch self {
        case .priceBelowMinimum(let p, let m): "price \(p) below minimum \(m)"
        case .priceAboveMaximum(let p, let m): "price \(p) above maximum \(m)"
        case .priceOffTick(let p, let t): "price \(p) not a multiple of tick \(t)"
        case .quantityBelowMinimum(let q, let m): "quantity \(q) below minimum \(m)"
        case .quantityAboveMaximum(let q, let m): "quantity \(q) above maximum \(m)"
        case .quantityOffStep(let q, let s): "quantity \(q) not a multiple of step \(s)"
        case .notionalBelowMinimum(let n, let m): "notional \(n) below minimum \(m)"
        case .notionalAboveMaximum(let n, let m): "notional \(n) above maximum \(m)"
        }
    }
}
