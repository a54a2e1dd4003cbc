public import NjordCore

/// Maker and taker fee rates, as fractions of the notional (0.001 = 10 bps), charged in the quote
/// asset. A negative maker rate is a rebate.
public struct FeeSchedule: Hashable, Sendable {
    public let makerRate: Fixed
    public let takerRate: Fixed

    /// Rates as fractions (config `fees.maker: 0.001`).
    public init(makerRate: Fixed, takerRate: Fixed) throws(ExecutionConfigError) {
        for (name, rate) in [("maker", makerRate), ("taker", takerRate)] where rate.magnitude >= .one {
            throw .feeRateOutOfRange(name: name, value: rate)
        }
        self.makerRate = makerRate
        self.takerRate = takerRate
    }

    /// Rates in basis points (config `fees.maker_bps: 10`); exact, so at most 4 fractional digits.
    public init(makerBps: Fixed, takerBps: Fixed) throws(ExecutionConfigError) {
        func fraction(_ name: String, _ bps: Fixed) throws(ExecutionConfigError) -> Fixed {
            guard bps.raw % 10_000 == 0 else { throw .basisPointsNotExact(name: name, value: bps) }
            return Fixed(raw: bps.raw / 10_000)
        }
        try self.init(makerRate: try fraction("maker", makerBps), takerRate: try fraction("taker", takerBps))
    }

    /// No fees.
    public static let zero = FeeSchedule(uncheckedMaker: .zero, taker: .zero)

    private init(uncheckedMaker maker: Fixed, taker: Fixed) {
        makerRate = maker
        takerRate = taker
    }

    /// The rate for one side of the book.
    public func rate(_ liquidity: Liquidity) -> Fixed { liquidity == .maker ? makerRate : takerRate }

    /// The fee on `notional`, rounded up (toward +∞) to 10⁻⁸: a fee is never under-charged, and a
    /// rebate never over-paid.
    public func fee(notional: Fixed, liquidity: Liquidity) throws(FixedPointError) -> Fixed {
        try notional.multiplied(by: rate(liquidity), rounding: .up)
    }
}
