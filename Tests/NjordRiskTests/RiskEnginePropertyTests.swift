import NjordCore
import NjordTestSupport
import Testing

@testable import NjordRisk

/// The engine's decision is the union of its checks: it approves exactly when no check alone denies,
/// and names exactly the rules the checks deny with one by one.
@Suite struct RiskEnginePropertyTests {
    @Test func decisionApprovesIffNoSinglePolicyDenies() {
        var rng = SplitMix64(seed: 0x5EED_2024)
        var engine = standardEngine(absentPositionsAreFlat: false)
        engine.limits.strategyOrderRate = OrderRateLimit(perSecond: 2, burst: 3)
        engine.limits.globalOrderRate = OrderRateLimit(perSecond: 3, burst: 5)
        engine.state.setPosition(PositionKey(strategyId: "s1", symbol: "BTCUSDT"), quantity: .zero, averagePrice: .zero)
        var time = day0
        // SOLUSDT has neither filters nor prices: rarely chosen, always denied.
        let symbols = [
            "BTCUSDT", "ETHUSDT", "BTCUSDT", "ETHUSDT", "BTCUSDT", "ETHUSDT", "BTCUSDT", "ETHUSDT", "SOLUSDT",
        ]
        let strategies = ["s1", "s2"]
        var approvals = 0, denials = 0

        for _ in 0..<3_000 {
            time = time.adding(nanoseconds: Int64.random(in: 0...second, using: &rng))
            let symbol = symbols.randomElement(using: &rng)!
            let strategy = strategies.randomElement(using: &rng)!
            let base: Int64 = symbol == "ETHUSDT" ? 1_000 : 10_000  // in cents
            // Events between intents.
            switch Int.random(in: 0..<9, using: &rng) {
            case 0:
                engine.apply(killSwitch: Int.random(in: 0..<3, using: &rng) == 0 ? trippedSwitch : runningSwitch)
            case 1, 2, 3, 4:
                let price = Fixed(mantissa: base + Int64.random(in: -3_000...3_000, using: &rng), exponent: 2)
                engine.apply(
                    marketPrice: Bool.random(using: &rng) ? .lastTrade(price) : .mid(price), symbol: symbol, at: time)
            case 5:
                let qty = Fixed(mantissa: Int64.random(in: 1...200_000, using: &rng), exponent: 5)
                let price = Fixed(mantissa: base + Int64.random(in: -500...500, using: &rng), exponent: 2)
                engine.apply(
                    fill: Fill(
                        fillId: "f", strategyId: strategy, clientOrderId: "c", symbol: symbol,
                        side: Bool.random(using: &rng) ? .buy : .sell, price: price, qty: qty, fee: .zero,
                        feeAsset: "USDT", liquidity: .taker), at: time)
            case 6:
                let key = PositionKey(strategyId: strategy, symbol: symbol)
                if Int.random(in: 0..<6, using: &rng) == 0 {
                    engine.state.markUnknown(key)
                } else {
                    engine.state.setPosition(
                        key,
                        quantity: Fixed(mantissa: Int64.random(in: -3_000_000...3_000_000, using: &rng), exponent: 5),
                        averagePrice: Fixed(mantissa: base, exponent: 2))
                }
            default: break
            }
            // The running aggregates agree with the positions they summarize.
            var net: [String: Fixed] = [:]
            for (key, position) in engine.state.positions { net[key.symbol, default: .zero] += position.quantity }
            #expect(net == engine.state.netQuantityBySymbol)
            #expect(engine.state.positions.values.filter { !$0.known }.count == engine.state.unknownPositionCount)
            let intent = randomIntent(symbol: symbol, strategy: strategy, base: base, using: &rng)

            var union = Set<String>()
            var everyCheckApproves = true
            for check in RiskCheck.allCases {
                var single = engine
                single.limits.checks = [check]
                let alone = single.evaluate(intent, intentId: "i", at: time)
                union.formUnion(alone.rules)
                everyCheckApproves = everyCheckApproves && alone.approved
            }
            let decision = engine.evaluate(intent, intentId: "i", at: time)
            #expect(decision.approved == everyCheckApproves)
            #expect(Set(decision.rules) == union)
            #expect(decision.rules.count == union.count, "each rule is named once")
            #expect(decision.failedRules.allSatisfy { !$0.detail.isEmpty })
            if decision.approved { approvals += 1 } else { denials += 1 }
        }
        // The walk must explore both outcomes to prove anything.
        #expect(approvals > 200 && denials > 200, "\(approvals) approvals, \(denials) denials")
    }

    private func randomIntent(symbol: String, strategy: String, base: Int64, using rng: inout SplitMix64) -> OrderIntent
    {
        let side: Side = Bool.random(using: &rng) ? .buy : .sell
        let quantity = Fixed(mantissa: Int64.random(in: 1...1_200_000, using: &rng), exponent: 5)
        switch Int.random(in: 0..<3, using: &rng) {
        case 0:
            // Mostly on tick, sometimes a fraction of a cent off it, around the reference price.
            let cents = base + Int64.random(in: -1_000...1_000, using: &rng)
            let offTick = Int.random(in: 0..<8, using: &rng) == 0 ? Fixed(mantissa: 1, exponent: 3) : .zero
            return try! OrderIntent(
                strategyId: strategy, clientOrderId: "c", symbol: symbol, side: side, orderType: .limit,
                quantity: quantity, quoteAmount: nil, limitPrice: Fixed(mantissa: cents, exponent: 2) + offTick,
                timeInForce: .gtc, reason: "p")
        case 1:
            return try! OrderIntent(
                strategyId: strategy, clientOrderId: "c", symbol: symbol, side: side, orderType: .market,
                quantity: quantity, quoteAmount: nil, limitPrice: nil, timeInForce: .ioc, reason: "p")
        default:
            let edges = [f("1000"), f("1000.00000001"), f("5"), f("4.99999999")]
            let amount =
                Bool.random(using: &rng)
                ? edges.randomElement(using: &rng)!
                : Fixed(mantissa: Int64.random(in: 1...150_000, using: &rng), exponent: 2)
            return try! OrderIntent(
                strategyId: strategy, clientOrderId: "c", symbol: symbol, side: side, orderType: .market,
                quantity: nil, quoteAmount: amount, limitPrice: nil, timeInForce: .ioc, reason: "p")
        }
    }
}
