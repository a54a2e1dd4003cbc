import NjordBacktest
import NjordCore
import NjordStrategies
import NjordTestSupport
import Testing

/// The peers' SMA(10)/SMA(50) run on ftx45k (../shared/bench/PEERS.md): 617 entries, and the
/// exact figure with quantities on a 1e-8 step, 26,159.694745.
@Suite struct BacktestParityTests {
    static let exactEquity = 26_159.694745
    static let float64Equity = 26_159.694598
    static let tolerance = 0.00002

    func run() throws -> BacktestResult {
        let bars = try BarCSVReader.read(path: SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv").path)
        #expect(bars.count == 45_031)
        return try BacktestRunner.run(
            strategy: SmaCross.name, parameters: StrategyParameters(parsing: "fast=10,slow=50"), bars: bars,
            config: BacktestConfig(cash: Fixed(100_000), feeRate: try Fixed("0.001")))
    }

    @Test func ftx45kMatchesThePeersExactly() throws {
        let result = try run()
        #expect(result.entries == 617)
        #expect(abs(result.finalEquity.doubleValue - Self.exactEquity) <= Self.tolerance)
        #expect(result.finalCash >= .zero)
        #expect(result.fills.allSatisfy { !$0.cashAfter.isNegative })
    }

    @Test func theToleranceTellsTheExactEngineFromAFloat64One() {
        #expect(abs(Self.float64Equity - Self.exactEquity) > Self.tolerance)
    }

    @Test func twoRunsWriteIdenticalFills() throws {
        let first = BacktestRunWriter.fillsNDJSON(try run().fills)
        let second = BacktestRunWriter.fillsNDJSON(try run().fills)
        #expect(!first.isEmpty)
        #expect(first == second)
    }
}
