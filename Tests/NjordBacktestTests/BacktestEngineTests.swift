import NjordBacktest
import NjordCore
import NjordStrategies
import Testing

/// Submits the scripted orders at the scripted bar indices.
private struct ScriptedStrategy: Strategy {
    var script: [Int: StrategyOrder]
    var index = 0
    var fillsSeen = 0

    mutating func onBar(_ bar: StrategyBar, context: inout StrategyContext) {
        if let order = script[index] { context.submit(order) }
        index += 1
    }

    mutating func onFill(_ fill: StrategyFill, context: inout StrategyContext) { fillsSeen += 1 }
}

private func series(_ rows: [(open: Int, close: Int)]) -> BarSeries {
    var bars = BarSeries()
    for (i, row) in rows.enumerated() {
        let o = Int64(row.open) * 100_000_000
        let c = Int64(row.close) * 100_000_000
        bars.append(time: Int64(i) * 60_000_000_000, open: o, high: max(o, c), low: min(o, c), close: c, volume: 0)
    }
    return bars
}

private let buyAll = StrategyOrder(side: .buy, size: .quoteAmount(Fixed(1000)), reason: "test")
private func sell(_ q: Fixed) -> StrategyOrder { StrategyOrder(side: .sell, size: .quantity(q), reason: "test") }

@Test func ordersFillAtTheNextBarsOpen() throws {
    var strategy = ScriptedStrategy(script: [0: buyAll, 2: sell(Fixed(1_000_000))])
    let engine = BacktestEngine(config: BacktestConfig(cash: Fixed(1000), feeRate: .zero))
    let result = engine.run(&strategy, bars: series([(10, 11), (20, 21), (30, 31), (40, 41)]))
    #expect(result.fills.map(\.barIndex) == [1, 3])
    #expect(result.fills.map(\.price) == [Fixed(20), Fixed(40)])
    #expect(result.fills[0].quantity == Fixed(50))
    #expect(result.finalCash == Fixed(2000) && result.finalPosition == .zero)
    #expect(result.entries == 1 && result.exits == 1 && strategy.fillsSeen == 2)
}

@Test func aSignalOnTheLastBarIsNotFilled() throws {
    var strategy = ScriptedStrategy(script: [2: buyAll])
    let engine = BacktestEngine(config: BacktestConfig(cash: Fixed(1000), feeRate: .zero))
    let result = engine.run(&strategy, bars: series([(10, 10), (10, 10), (10, 10)]))
    #expect(result.fills.isEmpty)
    #expect(result.unfilledAtEnd == 1)
    #expect(result.finalEquity == Fixed(1000))
}

@Test func finalEquityMarksTheOpenPositionAtTheLastClose() throws {
    var strategy = ScriptedStrategy(script: [0: buyAll])
    let engine = BacktestEngine(config: BacktestConfig(cash: Fixed(1000), feeRate: try Fixed("0.001")))
    let result = engine.run(&strategy, bars: series([(10, 10), (10, 12)]))
    let fill = try #require(result.fills.first)
    #expect(result.finalPosition == fill.quantity)
    #expect(
        result.finalEquity == result.finalCash
            + (try fill.quantity.multiplied(by: Fixed(12), rounding: .toNearestOrEven)))
    #expect(!result.finalCash.isNegative)
}

@Test func aBuyBeyondTheCashOrASellWithoutPositionIsRejected() throws {
    let tooBig = StrategyOrder(side: .buy, size: .quantity(Fixed(1000)), reason: "test")
    var strategy = ScriptedStrategy(script: [0: tooBig, 1: sell(.one)])
    let engine = BacktestEngine(config: BacktestConfig(cash: Fixed(1000), feeRate: .zero))
    let result = engine.run(&strategy, bars: series([(10, 10), (10, 10), (10, 10)]))
    #expect(result.fills.isEmpty && result.rejectedOrders == 2)
    #expect(result.finalCash == Fixed(1000))
}

@Test func equityCurveHasOneRowPerBar() throws {
    var strategy = ScriptedStrategy(script: [0: buyAll])
    let bars = series([(10, 10), (10, 12), (12, 15)])
    let result = BacktestEngine(config: BacktestConfig(cash: Fixed(1000), feeRate: .zero)).run(&strategy, bars: bars)
    let text = String(decoding: BacktestRunWriter.equityCSV(result: result, bars: bars), as: UTF8.self)
    #expect(
        text == "timestamp,equity\n1970-01-01 00:00:00.000000,1000\n1970-01-01 00:01:00.000000,1200\n"
            + "1970-01-01 00:02:00.000000,1500\n")
}
