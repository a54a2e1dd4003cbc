import NjordCore
import NjordStrategies
import Testing

private let symbol = "ETHUSDT"

private func host(period: Int = 3, numStd: String = "1") throws -> StrategyHost {
    try StrategyHost(
        specs: [
            StrategySpec(
                id: "b", kind: Bollinger.name, symbol: symbol,
                parameters: StrategyParameters(["period": "\(period)", "num_std": numStd, "quantity": "1"]))
        ],
        filters: [symbol: InstrumentFilters(tickSize: try Fixed("0.5"), stepSize: try Fixed("0.001"))])
}

/// "side price" of each submitted limit order and "cancel id" of each cancel, in order.
private func summary(_ actions: [StrategyAction]) -> [String] {
    actions.map { action in
        switch action {
        case .submit(let intent):
            "\(intent.clientOrderId) \(intent.side) \(intent.orderType) \(intent.limitPrice.map { "\($0)" } ?? "-")"
        case .cancel(let cancel): "cancel \(cancel.clientOrderId)"
        }
    }
}

@Test func bandsAreTheExactMeanAndPopulationDeviation() throws {
    var strategy = try Bollinger(period: 3, numStd: .one, quantity: .one)
    var context = StrategyContext(
        position: .zero, cash: .zero, filters: .unrestricted, time: Timestamp(nanosecondsSinceEpoch: 0))
    for (i, close) in ["10", "10", "7"].enumerated() {
        strategy.onBar(try TestBars.bar(i, close: close), context: &context)
    }
    // Mean 9; deviations 1, 1, −2 → σ = √(6/3) = √2 = 1.41421356(24) → lower 7.58578644.
    let bands = try #require(strategy.bands)
    #expect(bands.middle == Fixed(9))
    #expect(bands.lower == (try Fixed("7.58578644")))
    #expect(bands.upper == (try Fixed("10.41421356")))
}

@Test func flatBelowTheLowerBandRestsABuyLimitAtTheBandRoundedDownToTheTick() throws {
    var host = try host()
    var actions: [StrategyAction] = []
    for (i, close) in ["10", "10", "10"].enumerated() {
        actions += host.onBar(symbol: symbol, bar: try TestBars.bar(i, close: close))
    }
    #expect(actions.isEmpty, "σ = 0: the close sits on the lower band, not below it")
    // Window 10, 10, 7: lower 7.58578644 → 7.5 on the 0.5 grid.
    let dip = host.onBar(symbol: symbol, bar: try TestBars.bar(3, close: "7"))
    #expect(summary(dip) == ["b-1 buy limit 7.5"])
    #expect(dip.first?.intent?.quantity == .one)
    #expect(dip.first?.intent?.timeInForce == .gtc)
    #expect(host.strategy(id: "b")?.openOrders.map(\.clientOrderId) == ["b-1"])
}

@Test func aBuyWhoseSignalIsGoneIsCanceledOnceAndTheNextDipPlacesANewOne() throws {
    var host = try host()
    for (i, close) in ["10", "10", "10", "7"].enumerated() {
        _ = host.onBar(symbol: symbol, bar: try TestBars.bar(i, close: close))
    }
    // Window 10, 7, 8: mean 8.33333333, lower ≈ 7.086 < 8 → no signal: the resting buy is stale.
    #expect(summary(host.onBar(symbol: symbol, bar: try TestBars.bar(4, close: "8"))) == ["cancel b-1"])
    // Not yet confirmed: still open, but no second cancel.
    #expect(host.strategy(id: "b")?.openOrders.first?.cancelRequested == true)
    host.onOrderUpdate(
        OrderEvent(
            strategyId: "b", clientOrderId: "b-1", symbol: symbol, status: .canceled, venueOrderId: nil, reason: nil))
    #expect(host.strategy(id: "b")?.openOrders.isEmpty == true)
    // Window 7, 8, 6: mean 7, σ = √(2/3) → lower 6.18350342 → buy at 6.0.
    #expect(summary(host.onBar(symbol: symbol, bar: try TestBars.bar(5, close: "6"))) == ["b-2 buy limit 6"])
}

@Test func longAboveTheMiddleRestsASellAtTheMiddleAndReplacesItWhenTheMiddleMoves() throws {
    var host = try host()
    for (i, close) in ["10", "10", "10", "7", "8", "6"].enumerated() {
        _ = host.onBar(symbol: symbol, bar: try TestBars.bar(i, close: close))
    }
    _ = host.onFill(
        Fill(
            fillId: "1", strategyId: "b", clientOrderId: "b-2", symbol: symbol, side: .buy, price: Fixed(6),
            qty: .one, fee: .zero, feeAsset: "USDT", liquidity: .maker),
        time: Timestamp(nanosecondsSinceEpoch: 6 * TestBars.minute))
    #expect(host.strategy(id: "b")?.position == .one)
    #expect(host.strategy(id: "b")?.context.cash == Fixed(-6))
    let openAfterFill = host.strategy(id: "b")?.openOrders.map(\.clientOrderId)
    #expect(openAfterFill == ["b-1"], "b-1 was never confirmed canceled; b-2 filled completely")
    host.onOrderUpdate(
        OrderEvent(
            strategyId: "b", clientOrderId: "b-1", symbol: symbol, status: .canceled, venueOrderId: nil, reason: nil))
    // Window 8, 6, 7.5: middle 7.16666667 → sell at 7.5 (rounded up).
    #expect(summary(host.onBar(symbol: symbol, bar: try TestBars.bar(6, close: "7.5"))) == ["b-3 sell limit 7.5"])
    // Window 6, 7.5, 7.2: middle 6.9 → the sell at 7.5 is stale: cancel it, then sell at 7.
    #expect(
        summary(host.onBar(symbol: symbol, bar: try TestBars.bar(7, close: "7.2")))
            == ["cancel b-3", "b-4 sell limit 7"])
}
