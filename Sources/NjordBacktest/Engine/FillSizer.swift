public import NjordCore
import NjordExecution

/// The exact money of one fill: how much a quote amount buys, and what a fill costs or yields.
/// All rounding is explicit: quantities down to the step, notional and fee half-even to 10^-8.
public enum FillSizer {
    /// The largest quantity on the step grid whose total cost — notional plus fee, each rounded
    /// half-even — is at most `budget`: the paper engine's sizing rule with the peers' fee rounding.
    public static func buyQuantity(
        budget: Fixed, price: Fixed, feeRate: Fixed, filters: InstrumentFilters
    ) -> Fixed {
        QuoteAmountSizer.largestAffordable(
            budget: budget, price: price, feeRate: feeRate, feeRounding: .toNearestOrEven, filters: filters)
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
