extension Fixed {
    /// The exact product, brought back to eight digits by `rule`.
    /// Formed in 256 bits, so it is exact before rounding; throws when the result is out of range.
    @inlinable
    public func multiplied(
        by other: Fixed, rounding rule: FloatingPointRoundingRule
    ) throws(FixedPointError) -> Fixed {
        // Common case: both fit in 63 bits, the product fits in Int128.
        if raw.magnitude < (1 << 63), other.raw.magnitude < (1 << 63) {
            return Fixed(raw: Fixed.divideRounding(raw * other.raw, by: Fixed.scale, rule))
        }
        let negative = (raw < 0) != (other.raw < 0)
        let product = raw.magnitude.multipliedFullWidth(by: other.raw.magnitude)
        return try Fixed.scaledQuotient(
            high: product.high, low: product.low, divisor: UInt128(Fixed.scale), negative: negative, rule)
    }

    /// The exact quotient `self / other`, brought to eight digits by `rule`.
    @inlinable
    public func divided(
        by other: Fixed, rounding rule: FloatingPointRoundingRule
    ) throws(FixedPointError) -> Fixed {
        guard other.raw != 0 else { throw .divisionByZero }
        let negative = (raw < 0) != (other.raw < 0)
        // self.raw × 10^8 in 256 bits, then divided by other.raw.
        let numerator = raw.magnitude.multipliedFullWidth(by: UInt128(Fixed.scale))
        return try Fixed.scaledQuotient(
            high: numerator.high, low: numerator.low, divisor: other.raw.magnitude, negative: negative, rule)
    }

    /// Division by a whole number (averages, splits), rounded by `rule`.
    @inlinable
    public func divided(by n: Int, rounding rule: FloatingPointRoundingRule) throws(FixedPointError) -> Fixed {
        guard n != 0 else { throw .divisionByZero }
        return Fixed(raw: Fixed.divideRounding(raw, by: Int128(n), rule))
    }

    /// `self` rounded to a whole multiple of `increment` (a tick or step size) by `rule`.
    @inlinable
    public func rounded(toMultipleOf increment: Fixed, _ rule: FloatingPointRoundingRule) -> Fixed {
        precondition(increment.raw > 0, "increment must be positive")
        return Fixed(raw: Fixed.divideRounding(raw, by: increment.raw, rule) * increment.raw)
    }

    /// Whether `self` is a whole multiple of `increment`.
    @inlinable
    public func isMultiple(of increment: Fixed) -> Bool {
        increment.raw != 0 && raw % increment.raw == 0
    }

    /// The largest whole number of `increment`s that `self` holds, rounded by `rule`.
    @inlinable
    public func count(of increment: Fixed, _ rule: FloatingPointRoundingRule) -> Int128 {
        Fixed.divideRounding(raw, by: increment.raw, rule)
    }

    // MARK: - Rounding division

    /// `n / d` rounded by `rule`, exact for any signs.
    @inlinable
    static func divideRounding(_ n: Int128, by d: Int128, _ rule: FloatingPointRoundingRule) -> Int128 {
        let q = n / d
        let r = n % d
        if r == 0 { return q }
        let negative = (n < 0) != (d < 0)
        let awayFromZero = negative ? q - 1 : q + 1
        switch rule {
        case .towardZero:
            return q
        case .awayFromZero:
            return awayFromZero
        case .down:
            return negative ? q - 1 : q
        case .up:
            return negative ? q : q + 1
        case .toNearestOrAwayFromZero:
            return 2 * r.magnitude >= d.magnitude ? awayFromZero : q
        case .toNearestOrEven:
            let twice = 2 * r.magnitude
            if twice > d.magnitude { return awayFromZero }
            if twice < d.magnitude { return q }
            return q % 2 == 0 ? q : awayFromZero
        @unknown default:
            return q
        }
    }

    /// `(high:low) / divisor` as a signed ``Fixed`` rounded by `rule`; throws when out of range.
    @usableFromInline
    static func scaledQuotient(
        high: UInt128, low: UInt128, divisor: UInt128, negative: Bool, _ rule: FloatingPointRoundingRule
    ) throws(FixedPointError) -> Fixed {
        guard high < divisor else { throw .overflow }
        let (q, r) = divisor.dividingFullWidth((high: high, low: low))
        var magnitude = q
        if r != 0 {
            let roundAway: Bool
            switch rule {
            case .towardZero: roundAway = false
            case .awayFromZero: roundAway = true
            case .down: roundAway = negative
            case .up: roundAway = !negative
            case .toNearestOrAwayFromZero: roundAway = r >= divisor - r
            case .toNearestOrEven:
                let rest = divisor - r
                roundAway = r > rest || (r == rest && q % 2 == 1)
            @unknown default: roundAway = false
            }
            if roundAway {
                guard magnitude < UInt128.max else { throw .overflow }
                magnitude += 1
            }
        }
        if negative {
            guard magnitude <= UInt128(Int128.max) + 1 else { throw .overflow }
            return Fixed(raw: magnitude == UInt128(Int128.max) + 1 ? .min : -Int128(magnitude))
        }
        guard magnitude <= UInt128(Int128.max) else { throw .overflow }
        return Fixed(raw: Int128(magnitude))
    }
}
