import NjordConfig
import Testing

/// `paper:` of base.yaml: the paper trader's fees, touch-fill rule and starting cash.
@Suite struct PaperConfigTests {
    @Test func shippedSectionLoadsAndAMissingSectionTakesTheDefaults() throws {
        let shipped = try NjordConfiguration.parse(ConfigFixtures.sources, environment: [:])
        #expect(shipped.base.paper == PaperConfig(makerFeeBps: "10", takerFeeBps: "10", touchFill: .tradedQuantity))
        #expect(shipped.base.paper.startingCash == "10000")
        let start = try #require(ConfigFixtures.text("base.yaml").range(of: "\npaper:\n"))
        var sources = ConfigFixtures.sources
        sources.base.text = String(ConfigFixtures.text("base.yaml")[..<start.lowerBound]) + "\n"
        #expect(try NjordConfiguration.parse(sources, environment: [:]).base.paper == PaperConfig())
    }

    @Test func valuesAreReadAndOverriddenFromTheEnvironment() throws {
        let sources = ConfigFixtures.sources(
            replacing: "touch_fill: traded_quantity", with: "touch_fill: none", in: "base.yaml")
        let config = try NjordConfiguration.parse(sources, environment: ["NJORD_PAPER_TAKER_FEE_BPS": "7.5"])
        #expect(config.base.paper.touchFill == PaperTouchFill.none)
        #expect(config.base.paper.takerFeeBps == "7.5")
    }

    @Test func badValuesAreNamedWithTheirKeyPath() {
        for (old, new, path) in [
            ("maker_fee_bps: 10", "maker_fee_bps: 0.00001", "paper.maker_fee_bps"),
            ("taker_fee_bps: 10", "taker_fee_bps: -1", "paper.taker_fee_bps"),
            ("touch_fill: traded_quantity", "touch_fill: always", "paper.touch_fill"),
            ("starting_cash: 10000", "starting_cash: 0", "paper.starting_cash"),
        ] {
            let problems = ConfigFixtures.problems(ConfigFixtures.sources(replacing: old, with: new, in: "base.yaml"))
            #expect(problems.map(\.keyPath) == [path], "\(new): \(problems)")
        }
    }
}
