import NjordCore
import Testing

@testable import NjordRisk

@Suite struct RiskUtilizationTests {
    @Test func anApprovedAndFilledOrderShowsItsNotionalInTheCounters() {
        var engine = standardEngine()
        let idle = engine.utilization(at: day0).heartbeatCounters
        #expect(idle["use.gross_notional"] == 0 && idle["use.max_position_notional"] == 0)
        #expect(idle["limit.max_gross_notional"] == Int64(f("20000").raw))
        #expect(idle["rate.global_tokens"] == 20 && idle["rate.global_burst"] == 20)

        #expect(engine.decide(limitOrder(.buy, "3", at: "100")).approved)
        engine.apply(fill: fill(.buy, "3", at: "100"), at: day0)
        #expect(engine.decide(limitOrder(.sell, "20", at: "10", symbol: "ETHUSDT")).approved)
        engine.apply(fill: fill(.sell, "20", at: "10", symbol: "ETHUSDT"), at: day0)
        let busy = engine.utilization(at: day0).heartbeatCounters
        #expect(busy["use.gross_notional"] == Int64(f("500").raw))
        #expect(busy["use.max_position_notional"] == Int64(f("300").raw))
        #expect(busy["limit.max_position_notional"] == Int64(f("5000").raw))
        #expect(busy["rate.global_tokens"] == 18 && busy["rate.min_strategy_tokens"] == 3)
        #expect(busy["use.daily_loss"] == 0)

        // BTC falls to 90: 3 × 10 unrealized loss; the buckets refill with time.
        engine.apply(marketPrice: .lastTrade(f("90")), symbol: "BTCUSDT", at: day0)
        let later = engine.utilization(at: Timestamp(nanosecondsSinceEpoch: day0.nanosecondsSinceEpoch + second))
        #expect(later.dailyLoss == f("30") && later.dailyLossLimit == f("500"))
        #expect(later.grossNotional == f("470"))
        #expect(later.globalTokens == 20 && later.minStrategyTokens == 5)
    }
}
