public import NjordCore

/// Sizes quote-amount ("spend all") orders at fill time, on this engine's money rules: notional
/// half-even, fee rounded up.
public enum QuoteAmountSizer {
    /// The largest quantity on the step grid whose debit — notional (half-even) plus the fee on it
    /// (rounded up) — is at most `budget`, and zero below the minimum quantity.
    public static func largestBuy(
        budget: Fixed, price: Fixed, feeRate: Fixed, filters: InstrumentFilters
    ) -> Fixed {
        let quantity = largestAffordable(
            budget: budget, price: price, feeRate: feeRate, feeRounding: .up, filters: filters)
        return quantity >= filters.minQuantity ? quantity : .zero
    }

    /// The one sizing rule of quote-amount buys, for this engine and the backtester's next-open
    /// fills (which round the fee half-even, as the peers do): the largest quantity on the step grid
    /// whose debit — notional half-even plus the fee rounded by `feeRounding` — is at most `budget`.
    /// The bound `qty × price × (1 + feeRate) ≤ budget` is solved exactly in integers, put on the
    /// step, then stepped down while rounding makes the debit exceed the budget.
    public static func largestAffordable(
        budget: Fixed, price: Fixed, feeRate: Fixed, feeRounding: FloatingPointRoundingRule,
        filters: InstrumentFilters
    ) -> Fixed {
        guard budget.isPositive, price.isPositive, feeRate.raw > -Fixed.scale else { return .zero }
        // qty_raw ≤ budget_raw · S² / (price_raw · (S + fee_raw)), S = 10^8.
        let scale = UInt128(Fixed.scale)
        let numerator = UInt128(budget.raw).multipliedFullWidth(by: scale * scale)
        let (perUnit, overflow) = UInt128(price.raw).multipliedReportingOverflow(
            by: UInt128(Fixed.scale + feeRate.raw))
        guard !overflow, numerator.high < perUnit else { return .zero }
        let bound = perUnit.dividingFullWidth(numerator).quotient
        guard bound <= UInt128(Int128.max) else { return .zero }
        var quantity = filters.roundQuantityDown(Fixed(raw: Int128(bound)))
        let step = filters.stepSize.isPositive ? filters.stepSize : .ulp
        while quantity.isPositive,
            (try? buyDebit(quantity: quantity, price: price, feeRate: feeRate, feeRounding: feeRounding)) ?? .max
                > budget
        {
            quantity -= step
        }
        return quantity.isPositive ? quantity : .zero
    }

    /// The largest quantity on the step grid whose notional at `price` is at most `amount`: what a
    /// quote-amount sell sells (its fee comes out of the proceeds).
    public static func largestSell(amount: Fixed, price: Fixed, filters: InstrumentFilters) -> Fixed {
        guard amount.isPositive, price.isPositive,
            let exact = try? amount.divided(by: price, rounding: .down)
        else { return .zero }
        return filters.roundQuantityDown(exact)
    }

    /// What buying `quantity` at `price` debits: notional half-even plus the fee rounded by
    /// `feeRounding` (up, this engine's rule, unless told otherwise).
    public static func buyDebit(
        quantity: Fixed, price: Fixed, feeRate: Fixed, feeRounding: FloatingPointRoundingRule = .up
    ) throws(FixedPointError) -> Fixed {
        let notional = try quantity.multiplied(by: price, rounding: .toNearestOrEven)
        return notional + (try notional.multiplied(by: feeRate, rounding: feeRounding))
    }
}
