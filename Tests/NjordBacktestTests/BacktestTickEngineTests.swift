import Foundation
import NjordBacktest
import NjordCore
import NjordExecution
import NjordMarketData
import NjordStrategies
import Testing

/// Submits the scripted orders on the scripted (0-based) bar closes; records the bars it saw.
private struct BarScript: Strategy {
    var script: [Int: StrategyOrder]
    var closes: [Fixed] = []

    mutating func onBar(_ bar: StrategyBar, context: inout StrategyContext) {
        if let order = script[closes.count] { context.submit(order) }
        closes.append(bar.close)
    }
}

/// A scratch store holding `trades` as (second, price, quantity, aggressor).
private func store(_ trades: [(Int64, Int, String, Side)]) throws -> (MarketDataStore, String) {
    let root = NSTemporaryDirectory() + "njord-tick-engine-\(UInt32.random(in: 0...UInt32.max))"
    let store = MarketDataStore(root: root)
    let base: Int64 = 1_723_161_600_000_000_000  // 2024-08-09T00:00:00Z
    try store.write(
        try trades.enumerated().map { i, t in
            StoredTrade(
                time: Timestamp(nanosecondsSinceEpoch: base + t.0 * 1_000_000_000 + Int64(i)), tradeId: Int64(i),
                price: Fixed(t.1), qty: try Fixed(t.2), side: t.3)
        }, venue: "test", symbol: "BTCUSDT", kind: .trades)
    return (store, root)
}

private func tickConfig(volumeCap: String?, slippageBps: Int = 0) throws -> BacktestConfig {
    BacktestConfig(
        cash: Fixed(1000), feeRate: .zero,
        fillOptions: try FillModelOptions(
            slippage: slippageBps > 0 ? .bps(Fixed(slippageBps)) : .none, volumeCap: try volumeCap.map { try Fixed($0) }
        ),
        symbol: "BTCUSDT")
}

@Test func aRestingLimitFillsFromTradesThroughItCappedByTheVolumeCap() throws {
    let (store, root) = try store([
        (0, 100, "1", .buy), (1, 96, "1", .sell), (2, 94, "1", .sell), (3, 94, "100", .sell), (4, 99, "1", .buy),
    ])
    defer { try? FileManager.default.removeItem(atPath: root) }
    var strategy = BarScript(script: [0: .limit(.buy, quantity: Fixed(2), price: Fixed(95), reason: "t")])
    let (result, bars) = try BacktestTickEngine(config: try tickConfig(volumeCap: "0.1")).run(
        &strategy, store: store, venue: "test", symbol: "BTCUSDT")
    #expect(result.ticks == 5 && bars.count == 5 && strategy.closes.count == 5)
    // 0.1 of the 1-lot trade at 94, then the rest (1.9 ≤ 0.1 × 100) from the next; at 95, as maker.
    #expect(result.fills.map(\.quantity) == [try Fixed("0.1"), try Fixed("1.9")])
    #expect(result.fills.allSatisfy { $0.price == Fixed(95) })
    #expect(result.fills.map(\.barIndex) == [2, 3])
    #expect(result.finalPosition == Fixed(2) && result.finalCash == Fixed(1000 - 190))
}

@Test func aMarketBuyMeetsTheSyntheticBookAtTheLastTradePlusSlippage() throws {
    let (store, root) = try store([(0, 100, "1", .buy), (1, 100, "1", .sell), (2, 101, "1", .buy)])
    defer { try? FileManager.default.removeItem(atPath: root) }
    var strategy = BarScript(script: [0: StrategyOrder(side: .buy, size: .quoteAmount(Fixed(500)), reason: "t")])
    let (result, _) = try BacktestTickEngine(config: try tickConfig(volumeCap: nil, slippageBps: 100)).run(
        &strategy, store: store, venue: "test", symbol: "BTCUSDT")
    let fill = try #require(result.fills.first)
    #expect(result.fills.count == 1 && fill.price == Fixed(101))  // 100 + 1% at the close of bar 0
    #expect(try fill.quantity.multiplied(by: Fixed(101), rounding: .up) <= Fixed(500) && result.finalCash >= .zero)
    #expect(fill.barIndex == 1)
}

@Test func ordersOfTheLastBarAreNeverSent() throws {
    let (store, root) = try store([(0, 100, "1", .buy), (1, 100, "1", .sell)])
    defer { try? FileManager.default.removeItem(atPath: root) }
    var strategy = BarScript(script: [1: StrategyOrder(side: .buy, size: .quoteAmount(Fixed(500)), reason: "t")])
    let (result, _) = try BacktestTickEngine(config: try tickConfig(volumeCap: nil)).run(
        &strategy, store: store, venue: "test", symbol: "BTCUSDT")
    #expect(result.fills.isEmpty && result.unfilledAtEnd == 1)
}
