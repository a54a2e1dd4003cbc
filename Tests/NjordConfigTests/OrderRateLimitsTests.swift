import NjordConfig
import Testing

@Suite struct OrderRateLimitsTests {
    @Test func shippedConfigStatesAllFourBucketNumbers() throws {
        let rate = try NjordConfiguration.parse(ConfigFixtures.sources, environment: [:]).base.risk.orderRate
        #expect(rate.perStrategyPerSecond == 5)
        #expect(rate.perStrategyBurst == 5)
        #expect(rate.globalPerSecond == 20)
        #expect(rate.globalBurst == 20)
    }

    @Test func omittedBurstAndGlobalRateDefaultToTheirPartners() throws {
        var sources = ConfigFixtures.sources(
            replacing:
                "    per_strategy_burst: 5                # 1..100000, default per_strategy_per_s; <= global_burst\n",
            with: "", in: "base.yaml")
        sources.base.text = sources.base.text?.replacingOccurrences(
            of: "    global_per_s: 20                     # 1..100000, default global_burst; >= per_strategy_per_s\n",
            with: "")
        sources.base.text = sources.base.text?.replacingOccurrences(
            of: "per_strategy_per_s: 5 ", with: "per_strategy_per_s: 3 ")
        let rate = try NjordConfiguration.parse(sources, environment: [:]).base.risk.orderRate
        #expect(rate.perStrategyBurst == 3)
        #expect(rate.globalPerSecond == 20)
    }

    @Test func strategyBurstAboveGlobalBurstIsReported() {
        let sources = ConfigFixtures.sources(
            replacing: "per_strategy_burst: 5 ", with: "per_strategy_burst: 50 ", in: "base.yaml")
        let problems = ConfigFixtures.problems(sources)
        #expect(problems.map(\.keyPath) == ["risk.order_rate.per_strategy_burst"])
        #expect(problems.first?.description.contains("exceeds risk.order_rate.global_burst (20)") == true)
    }

    @Test func strategyRateAboveGlobalRateIsReported() {
        let sources = ConfigFixtures.sources(replacing: "global_per_s: 20 ", with: "global_per_s: 2 ", in: "base.yaml")
        let problems = ConfigFixtures.problems(sources)
        #expect(problems.map(\.keyPath) == ["risk.order_rate.per_strategy_per_s"])
    }

    @Test func zeroGlobalRateIsOutOfRange() {
        let sources = ConfigFixtures.sources(replacing: "global_per_s: 20 ", with: "global_per_s: 0 ", in: "base.yaml")
        #expect(ConfigFixtures.problems(sources).map(\.keyPath) == ["risk.order_rate.global_per_s"])
    }
}
