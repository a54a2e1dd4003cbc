import NjordApp
import NjordConfig
import NjordCore
import NjordRisk
import Testing

@Suite struct RiskLimitsConfigTests {
    static func config(
        order: String = "1000", position: String = "5000", gross: String = "20000", loss: String = "500"
    ) -> RiskConfig {
        RiskConfig(
            maxOrderNotional: order, maxPositionNotionalPerSymbol: position, maxGrossNotional: gross,
            dailyLossLimit: loss, dailyResetUTCHour: 7,
            orderRate: OrderRateLimits(
                perStrategyPerSecond: 5, globalBurst: 20, perStrategyBurst: 8, globalPerSecond: 15),
            priceBandBps: 250, staleDataMs: 1_500)
    }

    @Test func capsAndBucketsCarryOverExactly() throws {
        let limits = try RiskLimits(config: Self.config(order: "999.12345678"), policies: Set(RiskPolicy.allCases))
        #expect(limits.maxOrderNotional == (try Fixed("999.12345678")))
        #expect(limits.maxPositionNotional == Fixed(5_000))
        #expect(limits.maxGrossNotional == Fixed(20_000))
        #expect(limits.dailyLossLimit == Fixed(500))
        #expect(limits.dailyResetUTCHour == 7)
        #expect(limits.strategyOrderRate == OrderRateLimit(perSecond: 5, burst: 8))
        #expect(limits.globalOrderRate == OrderRateLimit(perSecond: 15, burst: 20))
        #expect(limits.priceBandBps == 250)
        #expect(limits.staleMarketDataNanoseconds == 1_500_000_000)
    }

    @Test func everyPolicyTurnsOnTheCheckOfTheSameNameAndFiltersAlwaysRun() throws {
        let all = try RiskLimits(config: Self.config(), policies: Set(RiskPolicy.allCases))
        #expect(all.checks == RiskCheck.live)
        let some = try RiskLimits(config: Self.config(), policies: [.maxOrderNotional, .killSwitch])
        #expect(some.checks == [.maxOrderNotional, .killSwitch, .instrumentFilters])
    }

    @Test func profileOfTheRunKindChoosesTheChecks() throws {
        let profiles = RiskProfiles(profiles: [.live: Set(RiskPolicy.allCases), .paper: [.killSwitch, .orderRate]])
        let paper = try RiskLimits(config: Self.config(), profile: profiles, run: .paper)
        #expect(paper.checks == [.killSwitch, .orderRate, .instrumentFilters])
        // A run kind without a profile gets every policy: fail safe.
        let backtest = try RiskLimits(config: Self.config(), profile: profiles, run: .backtest)
        #expect(backtest.checks == RiskCheck.live)
    }

    @Test func amountFinerThanTheFixedGridIsRefusedNamingTheKey() {
        #expect(throws: RiskLimitsConfigError.self) {
            try RiskLimits(config: Self.config(loss: "0.123456789"), policies: [])
        }
        do {
            _ = try RiskLimits(config: Self.config(loss: "0.123456789"), policies: [])
        } catch {
            #expect(error.description.hasPrefix("risk.daily_loss_limit: '0.123456789' is not an amount"))
        }
    }

    @Test func mappedLimitsDenyAnOrderOneUlpOverTheCap() throws {
        let limits = try RiskLimits(config: Self.config(order: "100"), policies: [.maxOrderNotional])
        var engine = RiskEngine(
            limits: limits, instruments: ["BTCUSDT": .unrestricted], absentPositionsAreFlat: true)
        let time = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)
        func intent(_ quote: String) throws -> OrderIntent {
            try OrderIntent(
                strategyId: "s", clientOrderId: "c-\(quote)", symbol: "BTCUSDT", side: .buy, orderType: .market,
                quantity: nil, quoteAmount: try Fixed(quote), limitPrice: nil, timeInForce: .ioc, reason: "test")
        }
        #expect(engine.evaluate(try intent("100"), intentId: "a", at: time).approved)
        let denied = engine.evaluate(try intent("100.00000001"), intentId: "b", at: time)
        #expect(denied.failedRules.map(\.rule) == ["max_order_notional"])
    }
}
