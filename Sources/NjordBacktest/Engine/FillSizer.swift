public import NjordCore

/// The exact money of one fill: how much a quote amount buys, and what a fill costs or yields.
/// All rounding is explicit: quantities down to the step, notional and fee half-even to 10^-8.
public enum FillSizer {
    /// The largest quantity on the step grid whose total cost — notional plus fee, each rounded
    /// half-even — is at most `budget`. The bound `qty × price × (1 + feeRate) ≤ budget` is solved
    /// exactly in integers, then stepped down while rounding makes the charged cost exceed it.
    public static func buyQuantity(
        budget: Fixed, price: Fixed, feeRate: Fixed, filters: InstrumentFilters
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
            (try? buyCost(quantity: quantity, price: price, feeRate: feeRate).total) ?? .max > budget
        {
            quantity -= step
        }
        return quantity.isPositive ? quantity : .zero
    }

    /// The notional, fee and total debit of buying `quantity` at `price`.
    public static func buyCost(
        quantity: Fixed, price: Fixed, feeRate: Fixed
    ) throws(FixedPointError) -> (notional: Fixed, fee: Fixed, total: Fixed) {
        let notional = try quantity.multiplied(by: price, rounding: .toNearestOrEven)
        let fee = try notional.multiplied(by: feeRate, rounding: .toNearestOrEven)
        return (notional, fee, notional + fee)
    }

    /// The notional, fee and net credit of selling `quantity` at `price`.
    public static func sellProceeds(
        quantity: Fixed, price: Fixed, feeRate: Fixed
    ) throws(FixedPointError) -> (notional: Fixed, fee: Fixed, net: Fixed) {
        let notional = try quantity.multiplied(by: price, rounding: .toNearestOrEven)
        let fee = try notional.multiplied(by: feeRate, rounding: .toNearestOrEven)
        return (notional, fee, notional - fee)
    }
}
