import NjordCore
import NjordStrategies
import NjordTestSupport
import Testing

/// Feeds closes to a strategy at a fixed position; returns (bar index, order) for every order.
private func signals(
    _ strategy: inout SmaCross, closes: [String], position: Fixed = .zero, cash: Fixed = Fixed(1000)
) throws -> [(Int, StrategyOrder)] {
    var context = StrategyContext(
        position: position, cash: cash, filters: .unrestricted, time: .init(nanosecondsSinceEpoch: 0))
    var out: [(Int, StrategyOrder)] = []
    for (i, text) in closes.enumerated() {
        let close = try Fixed(text)
        strategy.onBar(
            StrategyBar(
                time: Timestamp(nanosecondsSinceEpoch: Int64(i) * 60_000_000_000), open: close, high: close, low: close,
                close: close, volume: .one),
            context: &context)
        for order in context.orders { out.append((i, order)) }
        context.orders.removeAll()
    }
    return out
}

@Test func exactTieOfTheAveragesStaysATieWhereFloatWouldSeeACrossDown() throws {
    // fast=2, slow=4; at bar 5: SMA2 = (0.15+0.15)/2 and SMA4 = (0.1+0.2+0.15+0.15)/4 are both 0.15.
    let closes = ["0.1", "0.1", "0.1", "0.2", "0.15", "0.15", "0.1"]
    let floatDifference = (0.15 + 0.15) / 2 - (0.1 + 0.2 + 0.15 + 0.15) / 4
    #expect(floatDifference < 0, "the case must be one that float arithmetic gets wrong")
    var strategy = try SmaCross(fast: 2, slow: 4)
    let orders = try signals(&strategy, closes: closes, position: Fixed(2))
    // d: bar 4 > 0, bar 5 = 0 (tie: no signal), bar 6 < 0 with d_5 = 0 ≥ 0 → cross down at 6.
    #expect(orders.map(\.0) == [6])
    #expect(orders.first?.1 == StrategyOrder(side: .sell, size: .quantity(Fixed(2)), reason: "sma cross down"))
}

@Test func aTieBetweenTwoNegativeDifferencesIsNoCross() throws {
    // fast=1, slow=2: sign d_t = sign(c_t − c_{t−1}). d: −, 0, − → nothing.
    var strategy = try SmaCross(fast: 1, slow: 2)
    #expect(try signals(&strategy, closes: ["10", "9", "9", "8"]).isEmpty)
    // −, 0, + → cross up where d turns positive (d_{t−1} = 0 ≤ 0), a quote-amount buy of all cash.
    var again = try SmaCross(fast: 1, slow: 2)
    let orders = try signals(&again, closes: ["10", "9", "9", "10"], cash: Fixed(500))
    #expect(orders.map(\.0) == [3])
    #expect(orders.first?.1 == StrategyOrder(side: .buy, size: .quoteAmount(Fixed(500)), reason: "sma cross up"))
}

@Test func noSignalBeforeBarIndexSlow() throws {
    // fast=1, slow=2: d_1 > 0 after d_0 undefined is not a cross; bar 2 onward is evaluated.
    var strategy = try SmaCross(fast: 1, slow: 2)
    #expect(try signals(&strategy, closes: ["10", "11"]).isEmpty)
    var longer = try SmaCross(fast: 1, slow: 2)
    #expect(try signals(&longer, closes: ["11", "10", "11"]).map(\.0) == [2])
}

@Test func longOnlyNoBuyWhileLongAndNoSellWhileFlat() throws {
    var flat = try SmaCross(fast: 1, slow: 2)
    #expect(try signals(&flat, closes: ["10", "11", "10"]).isEmpty)  // cross down while flat
    var long = try SmaCross(fast: 1, slow: 2)
    #expect(try signals(&long, closes: ["11", "10", "11"], position: .one).isEmpty)  // cross up while long
}

@Test func windowsSlideOverTheRingExactly() throws {
    // Against a direct recomputation of both averages at every bar over a long random walk.
    var rng = SplitMix64(seed: 7)
    var closes: [Fixed] = []
    var price: Int128 = 30_000 * Fixed.scale
    for _ in 0..<2_000 {
        price += Int128(Int64(rng.next() % 2_001) - 1_000) * 1_000_000
        closes.append(Fixed(raw: price))
    }
    let (fast, slow) = (3, 7)
    var expected: [Int] = []
    var previous = 0
    for t in 0..<closes.count where t >= slow - 1 {
        let sf = closes[(t - fast + 1)...t].reduce(Int128(0)) { $0 + $1.raw }
        let ss = closes[(t - slow + 1)...t].reduce(Int128(0)) { $0 + $1.raw }
        // Direct averages as exact rationals: sf/fast vs ss/slow, compared by cross-multiplying.
        let lhs = sf * Int128(slow), rhs = ss * Int128(fast)
        let sign = lhs > rhs ? 1 : (lhs < rhs ? -1 : 0)
        if t >= slow, sign > 0, previous <= 0 { expected.append(t) }
        previous = sign
    }
    var strategy = try SmaCross(fast: fast, slow: slow)
    let got = try signals(&strategy, closes: closes.map(\.description)).map(\.0)
    #expect(!expected.isEmpty)
    #expect(got == expected)
}

@Test func parametersAreParsedAndTyposRejected() throws {
    let strategy = try SmaCross(parameters: StrategyParameters(parsing: "fast=5, slow=20"))
    #expect(strategy.fast == 5 && strategy.slow == 20)
    #expect(throws: StrategyError.unknownParameter("slwo")) {
        try SmaCross(parameters: StrategyParameters(parsing: "fast=5,slwo=20"))
    }
    #expect(throws: StrategyError.self) { try SmaCross(parameters: StrategyParameters(parsing: "fast=50,slow=10")) }
    #expect(throws: StrategyError.malformedParameters("fast")) { try StrategyParameters(parsing: "fast") }
}

@Test func ordersBecomeContractIntents() throws {
    let order = StrategyOrder(side: .buy, size: .quoteAmount(Fixed(100)), reason: "sma cross up")
    let intent = try order.intent(strategyId: "sma", clientOrderId: "c1", symbol: "BTCUSDT")
    #expect(intent.quoteAmount == Fixed(100) && intent.quantity == nil && intent.orderType == .market)
}
