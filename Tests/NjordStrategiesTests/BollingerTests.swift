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

private func fill(_ id: String, _ side: Side, price: String, quantity: String) throws -> Fill {
    Fill(
        fillId: "f-\(id)", strategyId: "b", clientOrderId: id, symbol: symbol, side: side, price: try Fixed(price),
        qty: try Fixed(quantity), fee: .zero, feeAsset: "USDT", liquidity: .maker)
}

/// Closes 10, 11, 12: mean 11, σ = √(2/3) → lower 10.18350342, 10 on the 0.5 grid.
private func hostWithRestingBuy() throws -> StrategyHost {
    var host = try host()
    for (i, close) in ["10", "11", "12"].enumerated() {
        _ = host.onBar(symbol: symbol, bar: try TestBars.bar(i, close: close))
    }
    return host
}

@Test func nothingIsPlacedBeforePeriodClosesAreIn() throws {
    var host = try host()
    var actions: [StrategyAction] = []
    for (i, close) in ["10", "11"].enumerated() {
        actions += host.onBar(symbol: symbol, bar: try TestBars.bar(i, close: close))
    }
    #expect(actions.isEmpty)
}

@Test func flatRestsABuyAtTheLowerBandRoundedDownWhileTheCloseIsStillAboveIt() throws {
    var host = try host()
    var actions: [StrategyAction] = []
    for (i, close) in ["10", "11", "12"].enumerated() {
        actions += host.onBar(symbol: symbol, bar: try TestBars.bar(i, close: close))
    }
    // Lower 10.18350342 → 10 on the 0.5 grid: below the close of 12, so it rests, not marketable.
    #expect(summary(actions) == ["b-1 buy limit 10"])
    #expect(actions.first?.intent?.quantity == .one)
    #expect(actions.first?.intent?.timeInForce == .gtc)
    #expect(host.strategy(id: "b")?.openOrders.map(\.clientOrderId) == ["b-1"])
}

@Test func theRestingBuyIsReplacedOnlyWhenTheRoundedBandMovesByATick() throws {
    var host = try hostWithRestingBuy()
    // Window 11, 12, 11: mean 11.33333333, σ 0.47140452 → lower 10.86192881 → 10.5: one tick up.
    #expect(
        summary(host.onBar(symbol: symbol, bar: try TestBars.bar(3, close: "11"))) == [
            "cancel b-1", "b-2 buy limit 10.5",
        ])
    // Until the venue confirms, the canceled order stays open (it may still fill), with no second cancel.
    #expect(host.strategy(id: "b")?.openOrders.map(\.clientOrderId) == ["b-1", "b-2"])
    #expect(host.strategy(id: "b")?.openOrders.first?.cancelRequested == true)
    // Window 12, 11, 11.2: mean 11.4, σ 0.43204938 → lower 10.96795062 → 10.5 again: left resting.
    #expect(host.onBar(symbol: symbol, bar: try TestBars.bar(4, close: "11.2")).isEmpty)
    host.onOrderUpdate(
        OrderEvent(
            strategyId: "b", clientOrderId: "b-1", symbol: symbol, status: .canceled, venueOrderId: nil, reason: nil))
    #expect(host.strategy(id: "b")?.openOrders.map(\.clientOrderId) == ["b-2"])
}

@Test func longRestsASellOfTheWholePositionAtTheMiddleRoundedUpAndReplacesItWhenTheMiddleMoves() throws {
    var host = try hostWithRestingBuy()
    #expect(
        host.onFill(
            try fill("b-1", .buy, price: "10", quantity: "1"),
            time: Timestamp(nanosecondsSinceEpoch: 3 * TestBars.minute)
        ).isEmpty)
    #expect(host.strategy(id: "b")?.position == .one)
    #expect(host.strategy(id: "b")?.openOrders.isEmpty == true, "b-1 filled completely")
    // Window 11, 12, 11: middle 11.33333333 → 11.5 (rounded up).
    let sell = host.onBar(symbol: symbol, bar: try TestBars.bar(3, close: "11"))
    #expect(summary(sell) == ["b-2 sell limit 11.5"])
    #expect(sell.first?.intent?.quantity == .one)
    // Window 12, 11, 12.4: middle 11.8 → 12: the sell follows the middle.
    #expect(
        summary(host.onBar(symbol: symbol, bar: try TestBars.bar(4, close: "12.4"))) == [
            "cancel b-2", "b-3 sell limit 12",
        ])
    // Window 11, 12.4, 11.9: middle 11.76666667 → 12 again: left resting.
    #expect(host.onBar(symbol: symbol, bar: try TestBars.bar(5, close: "11.9")).isEmpty)
}

@Test func aPartlyFilledBuyIsCanceledAndWhatWasBoughtIsOfferedAtTheMiddle() throws {
    var host = try hostWithRestingBuy()
    _ = host.onFill(
        try fill("b-1", .buy, price: "10", quantity: "0.4"), time: Timestamp(nanosecondsSinceEpoch: 3 * TestBars.minute)
    )
    let actions = host.onBar(symbol: symbol, bar: try TestBars.bar(3, close: "11"))
    #expect(summary(actions) == ["cancel b-1", "b-2 sell limit 11.5"])
    #expect(actions.last?.intent?.quantity == (try Fixed("0.4")))
}

@Test func flatAgainAfterTheSellFillsTheBuyReturnsToTheLowerBand() throws {
    var host = try hostWithRestingBuy()
    _ = host.onFill(
        try fill("b-1", .buy, price: "10", quantity: "1"), time: Timestamp(nanosecondsSinceEpoch: 3 * TestBars.minute))
    _ = host.onBar(symbol: symbol, bar: try TestBars.bar(3, close: "11"))
    _ = host.onFill(
        try fill("b-2", .sell, price: "11.5", quantity: "1"),
        time: Timestamp(nanosecondsSinceEpoch: 4 * TestBars.minute))
    #expect(host.strategy(id: "b")?.position == .zero)
    #expect(host.strategy(id: "b")?.context.cash == (try Fixed("1.5")))
    // Window 12, 11, 11.2: lower 10.96795062 → 10.5.
    #expect(summary(host.onBar(symbol: symbol, bar: try TestBars.bar(4, close: "11.2"))) == ["b-3 buy limit 10.5"])
}
