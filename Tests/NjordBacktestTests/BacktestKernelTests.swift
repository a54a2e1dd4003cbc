import Foundation
import NjordBacktest
import NjordCore
import NjordExecution
import NjordStrategies
import Testing

/// Submits the scripted orders (and cancels of its open orders) at the scripted bar indices.
private struct LimitScript: Strategy {
    var script: [Int: StrategyOrder]
    var cancelAt: Set<Int> = []
    var index = 0
    var openSeen: [Int] = []

    mutating func onBar(_ bar: StrategyBar, context: inout StrategyContext) {
        openSeen.append(context.openOrders.count)
        if cancelAt.contains(index) {
            for order in context.openOrders { context.cancel(clientOrderId: order.clientOrderId, reason: "test") }
        }
        if let order = script[index] { context.submit(order) }
        index += 1
    }
}

/// Bars of (low, high) around a flat open/close of 100.
private func ranges(_ rows: [(low: Int, high: Int)], volume: Int64 = 10) -> BarSeries {
    var bars = BarSeries()
    for (i, row) in rows.enumerated() {
        bars.append(
            time: Int64(i) * 60_000_000_000, open: 100 * 100_000_000, high: Int64(row.high) * 100_000_000,
            low: Int64(row.low) * 100_000_000, close: 100 * 100_000_000, volume: volume * 100_000_000)
    }
    return bars
}

private func config(
    cash: Int = 10_000, touch: TouchFillRule = .tradedQuantity, killSwitch: KillSwitchState = .neverTripped
) throws -> BacktestConfig {
    BacktestConfig(
        cash: Fixed(cash), feeRate: try Fixed("0.001"),
        fees: try FeeSchedule(makerRate: try Fixed("0.0002"), takerRate: try Fixed("0.001")),
        fillOptions: try FillModelOptions(touchFill: touch), killSwitch: killSwitch)
}

private let buyLimit95 = StrategyOrder.limit(.buy, quantity: Fixed(2), price: Fixed(95), reason: "test")

@Test func aBuyLimitFillsWhenALaterBarsLowTradesThroughItAtTheLimitWithTheMakerFee() throws {
    var strategy = LimitScript(script: [0: buyLimit95])
    let result = BacktestEngine(config: try config()).run(
        &strategy, bars: ranges([(99, 101), (96, 101), (94, 101), (99, 101)]))
    #expect(result.fills.count == 1)
    let fill = try #require(result.fills.first)
    #expect(fill.barIndex == 2 && fill.price == Fixed(95) && fill.quantity == Fixed(2))
    let makerFee = try Fixed("0.038")  // 190 × 0.0002
    #expect(fill.fee == makerFee)
    #expect(result.finalCash == Fixed(10_000) - Fixed(190) - makerFee)
    #expect(strategy.openSeen == [0, 1, 0, 0])  // resting during bar 1; filled on bar 2 before its onBar
}

@Test func aLowExactlyAtTheLimitFillsUnderTheTouchRuleAndNotUnderNone() throws {
    let bars = ranges([(99, 101), (95, 101), (99, 101)])
    var touching = LimitScript(script: [0: buyLimit95])
    let touched = BacktestEngine(config: try config()).run(&touching, bars: bars)
    #expect(touched.fills.map(\.barIndex) == [1])
    var strict = LimitScript(script: [0: buyLimit95])
    let untouched = BacktestEngine(config: try config(touch: .none)).run(&strict, bars: bars)
    #expect(untouched.fills.isEmpty && untouched.unfilledAtEnd == 1)
}

@Test func aTouchFillTakesAtMostTheBarsVolume() throws {
    var strategy = LimitScript(script: [0: buyLimit95])
    let result = BacktestEngine(config: try config()).run(&strategy, bars: ranges([(99, 101), (95, 101)], volume: 1))
    #expect(result.fills.map(\.quantity) == [Fixed(1)])
}

@Test func aCanceledLimitNeverFillsAndReleasesTheCashItHeld() throws {
    var strategy = LimitScript(
        script: [0: buyLimit95, 2: StrategyOrder(side: .buy, size: .quoteAmount(Fixed(10_000)), reason: "all")],
        cancelAt: [1])
    let result = BacktestEngine(config: try config()).run(
        &strategy, bars: ranges([(99, 101), (99, 101), (90, 101), (99, 101)]))
    #expect(result.fills.count == 1 && result.fills[0].side == .buy && result.fills[0].price == Fixed(100))
    #expect(result.finalCash >= .zero && result.finalCash < Fixed(100))
}

@Test func aLimitBuyTheCashCannotCoverIsRejectedNotOverdrawn() throws {
    var strategy = LimitScript(script: [0: buyLimit95])
    let result = BacktestEngine(config: try config(cash: 150)).run(&strategy, bars: ranges([(99, 101), (90, 101)]))
    #expect(result.fills.isEmpty && result.rejectedOrders == 1 && result.finalCash == Fixed(150))
}

@Test func aTrippedKillSwitchDeniesEveryOrderInTheRiskEngine() throws {
    var strategy = LimitScript(
        script: [0: buyLimit95, 1: StrategyOrder(side: .buy, size: .quoteAmount(Fixed(100)), reason: "m")])
    let tripped = KillSwitchState(tripped: true, reason: "operator", by: "test")
    let result = BacktestEngine(config: try config(killSwitch: tripped)).run(
        &strategy, bars: ranges([(99, 101), (90, 101), (90, 101)]))
    #expect(result.fills.isEmpty && result.riskDenied == 2)
    #expect(result.firstRiskDenial?.contains("kill_switch") == true)
}

@Test func theRunnerRunsEveryStandardStrategyByName() throws {
    #expect(BacktestRunner.strategyNames == ["bollinger", "donchian", "sma_cross"])
    var bars = BarSeries()
    for i in 0..<400 {
        let wave = Int64(100 + (i % 40 < 20 ? i % 20 : 20 - i % 20)) * 100_000_000
        bars.append(
            time: Int64(i) * 60_000_000_000, open: wave, high: wave, low: wave, close: wave, volume: 1_000_000_000)
    }
    let runs: [(String, String)] = [
        ("sma_cross", "fast=3,slow=8"), ("bollinger", "period=10,num_std=1,quantity=1"),
        ("donchian", "period=10,quantity=1"),
    ]
    for (name, params) in runs {
        let result = try BacktestRunner.run(
            strategy: name, parameters: try StrategyParameters(parsing: params), bars: bars,
            config: BacktestConfig(cash: Fixed(10_000), feeRate: try Fixed("0.001")))
        #expect(result.entries > 0, "\(name) never traded")
    }
    #expect(throws: StrategyError.unknownStrategy("nope")) {
        try BacktestRunner.run(
            strategy: "nope", parameters: StrategyParameters(), bars: bars,
            config: BacktestConfig(cash: Fixed(1), feeRate: .zero))
    }
}

@Test func everySentOrderIsRecordedOnceWithItsDecisionAndFinalStatusInTheOrderItEnded() throws {
    var strategy = LimitScript(
        script: [
            0: buyLimit95, 1: StrategyOrder(side: .buy, size: .quoteAmount(Fixed(100)), reason: "m"),
            3: .limit(.buy, quantity: Fixed(1), price: Fixed(90), reason: "t"),
            4: .limit(.buy, quantity: Fixed(1), price: Fixed(80), reason: "t"),
        ],
        cancelAt: [4])
    let result = BacktestEngine(config: try config()).run(
        &strategy, bars: ranges([(99, 101), (99, 101), (94, 101), (99, 101), (99, 101)]))
    // The market order fills at bar 2's open, before the resting limit meets bar 2's low.
    #expect(result.orders.map(\.clientOrderId) == ["bt-2", "bt-1", "bt-3", "bt-4"])
    #expect(result.orders.map(\.status) == [.filled, .filled, .canceled, .submitted])
    #expect(result.orders.map(\.barIndex) == [1, 0, 3, 4])
    #expect(result.orders.allSatisfy { $0.decision.approved && $0.decision.clientOrderId == $0.clientOrderId })
    #expect(result.orders[1].filledQuantity == Fixed(2) && result.orders[2].filledQuantity == .zero)
    #expect(
        result.orders[0].filledQuantity == result.fills.first { $0.barIndex == 2 && $0.price == Fixed(100) }?.quantity)
    #expect(result.orders[2].reason == "test" && result.orders[3].closedTime == nil)
    let filled = result.orders.reduce(Fixed.zero) { $0 + $1.filledQuantity }
    #expect(filled == result.fills.reduce(Fixed.zero) { $0 + $1.quantity })
}

@Test func ordersTheRiskEngineDeniesAreRecordedAsDeniedWithTheFailedRules() throws {
    var strategy = LimitScript(
        script: [0: buyLimit95, 1: StrategyOrder(side: .buy, size: .quoteAmount(Fixed(100)), reason: "m")])
    let tripped = KillSwitchState(tripped: true, reason: "operator", by: "test")
    let result = BacktestEngine(config: try config(killSwitch: tripped)).run(
        &strategy, bars: ranges([(99, 101), (90, 101), (90, 101)]))
    #expect(result.orders.map(\.status) == [.denied, .denied])
    #expect(
        result.orders.allSatisfy {
            !$0.decision.approved && $0.decision.failedRules.contains { $0.rule == "kill_switch" }
        })
    #expect(result.orders.allSatisfy { $0.reason?.contains("kill_switch") == true && $0.closedTime == $0.time })
}

@Test func anOrdersLineEmbedsTheContractPayloadsOfItsIntentAndDecision() throws {
    var strategy = LimitScript(script: [0: buyLimit95])
    let result = BacktestEngine(config: try config()).run(&strategy, bars: ranges([(99, 101), (94, 101)]))
    let order = try #require(result.orders.first)
    let line = String(decoding: BacktestRunWriter.ordersNDJSON(result.orders), as: UTF8.self)
    #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1)
    let object = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    #expect(object["status"] as? String == "filled" && object["filled_qty"] as? String == "2")
    #expect(object["bar"] as? Int == 0 && object["reason"] is NSNull)
    // The embedded objects are the contracts' `data`: wrapped in an envelope they decode back.
    func data(_ key: String) throws -> String {
        let bytes = try JSONSerialization.data(withJSONObject: try #require(object[key]), options: [.sortedKeys])
        return String(decoding: bytes, as: UTF8.self)
    }
    let envelope = { (type: String, data: String) in
        "{\"type\":\"\(type)\",\"v\":1,\"id\":\"x\",\"src\":\"bt\",\"seq\":1,\"ts\":0,\"rts\":0,\"data\":\(data)}"
    }
    let intent = try EventEnvelope(json: envelope("order.intent", try data("intent")))
    #expect(intent.payload == .orderIntent(order.intent))
    let decision = try EventEnvelope(json: envelope("risk.decision", try data("decision")))
    #expect(decision.payload == .riskDecision(order.decision))
}
