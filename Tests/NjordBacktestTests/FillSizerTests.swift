import NjordBacktest
import NjordCore
import NjordTestSupport
import Testing

@Test func allInBuyIncludesTheFeeAndIsTheLargestAffordableStep() throws {
    let price = try Fixed("46391")
    let fee = try Fixed("0.001")
    let budget = Fixed(100_000)
    let qty = FillSizer.buyQuantity(budget: budget, price: price, feeRate: fee, filters: .unrestricted)
    let cost = try FillSizer.buyCost(quantity: qty, price: price, feeRate: fee)
    #expect(cost.total <= budget)
    #expect(cost.fee == (try cost.notional.multiplied(by: fee, rounding: .toNearestOrEven)))
    let oneMore = try FillSizer.buyCost(quantity: qty + .ulp, price: price, feeRate: fee)
    #expect(oneMore.total > budget)
    // Without the fee it could have bought more.
    let feeless = FillSizer.buyQuantity(budget: budget, price: price, feeRate: .zero, filters: .unrestricted)
    #expect(feeless > qty)
}

@Test func quantityIsRoundedDownToTheStep() throws {
    let step = try Fixed("0.001")
    let filters = InstrumentFilters(tickSize: .ulp, stepSize: step)
    let qty = FillSizer.buyQuantity(
        budget: Fixed(1000), price: try Fixed("333.33"), feeRate: try Fixed("0.001"), filters: filters)
    #expect(qty.isMultiple(of: step))
    #expect(qty == (try Fixed("2.997")))  // 1000 / (333.33 × 1.001) = 2.99702…
}

@Test func cashIsNeverOverdrawnOverRandomBudgetsPricesAndFees() throws {
    var rng = SplitMix64(seed: 20_240_601)
    for _ in 0..<5_000 {
        let budget = Fixed(raw: Int128(rng.next() % 10_000_000_000_000) + 1)
        let price = Fixed(raw: Int128(rng.next() % 10_000_000_000_000) + 1)
        let fee = Fixed(raw: Int128(rng.next() % 1_000_000))
        let step = Fixed(raw: Int128([1, 10, 1000, 100_000][Int(rng.next() % 4)]))
        let filters = InstrumentFilters(tickSize: .ulp, stepSize: step)
        let qty = FillSizer.buyQuantity(budget: budget, price: price, feeRate: fee, filters: filters)
        #expect(!qty.isNegative && qty.isMultiple(of: step))
        let cost = try FillSizer.buyCost(quantity: qty, price: price, feeRate: fee)
        #expect(cost.total <= budget, "budget \(budget) price \(price) fee \(fee) step \(step) qty \(qty)")
    }
}

@Test func nothingAffordableGivesZero() throws {
    #expect(FillSizer.buyQuantity(budget: .ulp, price: Fixed(50_000), feeRate: .zero, filters: .unrestricted) == .zero)
}
