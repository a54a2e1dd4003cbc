import NjordCore
import NjordMarketData
import Testing

struct SimMarketSimConfigTests {
    @Test func standardConfigRunsAndKnowsBinanceGrids() throws {
        let config = MarketSimConfig.standard(seed: 42)
        #expect(config.problems().isEmpty)
        #expect(config.symbols.map(\.symbol) == ["BTCUSDT", "ETHUSDT"])
        #expect(config.symbols[0].tickSize == (try Fixed("0.01")))
        #expect(config.symbols[0].stepSize == (try Fixed("0.00001")))
        #expect(config.symbols[0].levels == 50)
    }

    @Test func unknownSymbolGetsTheGenericInstrument() {
        let config = MarketSimConfig.standard(seed: 1, symbols: ["SOLUSDT"])
        #expect(config.symbols[0].symbol == "SOLUSDT")
        #expect(config.problems().isEmpty)
    }

    @Test func badConfigIsRefusedNamingTheProblem() {
        var config = MarketSimConfig.standard(seed: 1)
        config.symbols[1].tickSize = .zero
        config.regimes[0].tradesPerSecond = 0
        config.bookUpdatesPerSecond = 0
        let problems = config.problems()
        #expect(problems.contains(.notPositive(symbol: "ETHUSDT", field: "tick_size")))
        #expect(problems.contains(.badRegime("calm")))
        #expect(problems.contains(.bookRateOutOfRange(0)))
        #expect(throws: SimConfigProblem.notPositive(symbol: "ETHUSDT", field: "tick_size")) {
            _ = try MarketSimulator(config: config)
        }
    }

    @Test func duplicateAndMissingSymbolsAreProblems() {
        #expect(MarketSimConfig.standard(seed: 1, symbols: []).problems().contains(.noSymbols))
        #expect(
            MarketSimConfig.standard(seed: 1, symbols: ["BTCUSDT", "BTCUSDT"]).problems()
                .contains(.duplicateSymbol("BTCUSDT")))
    }
}
