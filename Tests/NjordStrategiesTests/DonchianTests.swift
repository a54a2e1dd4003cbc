import NjordCore
import NjordStrategies
import Testing

private let symbol = "BTCUSDT"

private func host() throws -> StrategyHost {
    try StrategyHost(specs: [
        StrategySpec(
            id: "d", kind: Donchian.name, symbol: symbol,
            parameters: StrategyParameters(["period": "3", "quantity": "2"]))
    ])
}

/// (high, low, close) bars from minute 0.
private let opening = [("10", "9", "9.5"), ("11", "9", "10"), ("10.5", "8", "10"), ("11.5", "10", "11")]

private func feed(_ bars: [(String, String, String)], from first: Int, host: inout StrategyHost) throws -> [[String]] {
    try bars.enumerated().map { n, bar in
        host.onBar(symbol: symbol, bar: try TestBars.bar(first + n, high: bar.0, low: bar.1, close: bar.2)).map {
            "\($0.intent?.clientOrderId ?? "?") \($0.intent?.side.rawValue ?? "?") \($0.intent?.quantity ?? .zero)"
        }
    }
}

@Test func aCloseAboveThePreviousHighestHighBuysAndOnlyStrictlyAbove() throws {
    var host = try host()
    // Bar 3 closes at 11 = the highest high of bars 0–2: no break. Bar 4 closes 11.6 > 11.5 (bars 1–3).
    let out = try feed(opening + [("12", "11", "11.6")], from: 0, host: &host)
    #expect(out == [[], [], [], [], ["d-1 buy 2"]])
    #expect(host.strategy(id: "d")?.openOrders.first?.type == .market)
}

@Test func noSecondBuyWhileTheFirstIsOpen() throws {
    var host = try host()
    _ = try feed(opening + [("12", "11", "11.6")], from: 0, host: &host)
    #expect(try feed([("14", "12", "13.5")], from: 5, host: &host) == [[]])
}

@Test func aCloseBelowThePreviousLowestLowSellsThePosition() throws {
    var host = try host()
    _ = try feed(opening + [("12", "11", "11.6")], from: 0, host: &host)
    _ = host.onFill(
        Fill(
            fillId: "1", strategyId: "d", clientOrderId: "d-1", symbol: symbol, side: .buy, price: try Fixed("11.6"),
            qty: Fixed(2), fee: .zero, feeAsset: "USDT", liquidity: .taker),
        time: Timestamp(nanosecondsSinceEpoch: 5 * TestBars.minute))
    #expect(host.strategy(id: "d")?.openOrders.isEmpty == true)
    // Lowest lows of the previous 3 bars: 8 (bars 2–4), 9 (bars 3–5: 10, 11, 9), 9 (bars 4–6).
    let out = try feed([("12", "9", "9"), ("10", "9.5", "9.9"), ("9.5", "8.5", "8.9")], from: 5, host: &host)
    #expect(out == [[], [], ["d-2 sell 2"]])
}
