import NjordBacktest
import Testing

@Suite struct BarMergeTests {
    static func series(_ symbol: String, _ minutes: [Int64]) -> SymbolBars {
        var bars = BarSeries()
        for m in minutes { bars.append(time: m * 60_000_000_000, open: 1, high: 1, low: 1, close: 1, volume: 1) }
        return SymbolBars(symbol: symbol, bars: bars)
    }

    static func replay(_ series: [SymbolBars]) -> [String] {
        BarMerge.order(series).map {
            "\(series[$0.series].symbol)@\(series[$0.series].bars.times[$0.bar] / 60_000_000_000)"
        }
    }

    @Test func barsMergeByTimeWithTiesBrokenByTheSymbolsNameWhateverTheArgumentOrder() {
        let eth = Self.series("ETHUSDT", [0, 1, 2])
        let btc = Self.series("BTCUSDT", [1, 1, 3])
        let ada = Self.series("ADAUSDT", [2])
        let expected = ["ETHUSDT@0", "BTCUSDT@1", "BTCUSDT@1", "ETHUSDT@1", "ADAUSDT@2", "ETHUSDT@2", "BTCUSDT@3"]
        for permutation in [
            [eth, btc, ada], [eth, ada, btc], [btc, eth, ada], [btc, ada, eth], [ada, eth, btc], [ada, btc, eth],
        ] {
            #expect(Self.replay(permutation) == expected)
        }
    }

    @Test func anEmptySeriesAddsNothing() {
        #expect(Self.replay([Self.series("B", []), Self.series("A", [5])]) == ["A@5"])
        #expect(BarMerge.order([]).isEmpty)
    }
}
