/// An exact decimal with eight fractional digits: the one number type for prices, quantities,
/// notional, cash, fees and PnL.
///
/// The value is `raw / 10^8`, with `raw` an `Int128`. Why these choices:
/// - Eight digits is Binance's precision for every price, quantity and asset amount, so every wire
///   value is exact and every step size (down to `0.00000001`) is a whole number of units.
/// - `Int64` is too narrow: a quantity of 10^12 units on a 10^-8 step is 10^20 raw units. `Int128`
///   holds ±1.7·10^30 whole units, far beyond the required prices (10^-8…10^7), quantities (up to
///   10^12) and cash (up to 10^12); the product of two values is formed in 256 bits and brought back
///   to scale with an explicit rounding rule, so no product loses a digit before it is rounded.
/// - Addition and subtraction trap on overflow (Swift's checked arithmetic); multiplication and
///   division throw ``FixedPointError/overflow``. Nothing wraps silently.
///
/// Rounding rules by use (see docs/CONTRACTS.md): half-even for fees and PnL, toward zero for order
/// quantities (never order more than was meant), and an explicit direction for prices on a tick.
public struct Fixed: Hashable, Comparable, Sendable {
    /// Number of fractional decimal digits.
    public static let fractionDigits = 8
    /// 10^fractionDigits: the raw value of one whole unit.
    public static let scale: Int128 = 100_000_000

    /// The value times 10^8.
    public var raw: Int128

    @inlinable
    public init(raw: Int128) { self.raw = raw }

    /// A whole number of units.
    @inlinable
    public init(_ units: Int) { self.raw = Int128(units) * Fixed.scale }

    /// `mantissa × 10^-exponent`, e.g. `Fixed(mantissa: 12345, exponent: 2)` is 123.45.
    /// Traps when `exponent` exceeds eight digits: such a value is not representable.
    public init(mantissa: Int64, exponent: Int) {
        precondition((0...Fixed.fractionDigits).contains(exponent), "exponent out of range")
        self.raw = Int128(mantissa) * Fixed.powerOfTen(Fixed.fractionDigits - exponent)
    }

    public static let zero = Fixed(raw: 0)
    public static let one = Fixed(raw: scale)
    /// The smallest positive value, 0.00000001.
    public static let ulp = Fixed(raw: 1)
    public static let max = Fixed(raw: .max)
    public static let min = Fixed(raw: .min)

    @inlinable public var isZero: Bool { raw == 0 }
    @inlinable public var isNegative: Bool { raw < 0 }
    @inlinable public var isPositive: Bool { raw > 0 }
    @inlinable public var magnitude: Fixed { Fixed(raw: raw < 0 ? -raw : raw) }

    /// The nearest `Double`: for statistics and charts only, never for money.
    public var doubleValue: Double {
        let whole = raw / Fixed.scale
        let fraction = Int64(truncatingIfNeeded: raw % Fixed.scale)
        // Through Int64 when the whole part fits (always, in practice): the same correctly rounded
        // value as from Int128, whose conversion is an unspecialized generic call costing ~50×.
        if let small = Int64(exactly: whole) {
            return Double(small) + Double(fraction) / 100_000_000
        }
        return Double(whole) + Double(fraction) / 100_000_000
    }

    @inlinable
    public static func < (lhs: Fixed, rhs: Fixed) -> Bool { lhs.raw < rhs.raw }

    @inlinable
    public static func + (lhs: Fixed, rhs: Fixed) -> Fixed { Fixed(raw: lhs.raw + rhs.raw) }
    @inlinable
    public static func - (lhs: Fixed, rhs: Fixed) -> Fixed { Fixed(raw: lhs.raw - rhs.raw) }
    @inlinable
    public static prefix func - (value: Fixed) -> Fixed { Fixed(raw: -value.raw) }
    @inlinable
    public static func += (lhs: inout Fixed, rhs: Fixed) { lhs.raw += rhs.raw }
    @inlinable
    public static func -= (lhs: inout Fixed, rhs: Fixed) { lhs.raw -= rhs.raw }

    /// Exact multiple by a whole number (a quantity of lots, a count of ticks); traps on overflow.
    @inlinable
    public func times(_ n: Int) -> Fixed { Fixed(raw: raw * Int128(n)) }

    static func powerOfTen(_ n: Int) -> Int128 {
        var p: Int128 = 1
        for _ in 0..<n { p *= 10 }
        return p
    }
}

/// Errors of parsing and of exact arithmetic on ``Fixed``.
public enum FixedPointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text was empty.
    case empty
    /// A byte that is not part of a plain decimal (`-`, digits, one `.`) at this offset.
    case unexpectedCharacter(offset: Int)
    /// No digit before or after the decimal point (`"."`, `"-"`, `"5."`, `".5"`).
    case missingDigits
    /// Exponent notation (`1e-5`): wire decimals are plain; the sender must format them so.
    case exponentNotAllowed
    /// More than eight non-zero fractional digits: the value is not exact at 10^-8.
    case tooManyFractionDigits
    /// The result does not fit the range of ``Fixed``.
    case overflow
    /// Division by zero.
    case divisionByZero

    public var description: String {
        switch self {
        case .empty: "empty decimal"
        case .unexpectedCharacter(let offset): "unexpected character at offset \(offset) in decimal"
        case .missingDigits: "decimal is missing digits before or after the point"
        case .exponentNotAllowed: "exponent notation is not allowed in a decimal"
        case .tooManyFractionDigits: "decimal has more than 8 fractional digits"
        case .overflow: "decimal out of range"
        case .divisionByZero: "division by zero"
        }
    }
}
