import Foundation
import NjordBacktest
import NjordCore
import NjordExecution
import NjordMarketData
import NjordStrategies
import NjordTestSupport
import Testing

/// A run streamed from the store in chunks writes the very files of the same run held in memory:
/// chunk boundaries (every 997 bars, so they fall anywhere, or after every bar) change nothing — resting limits, pending
/// next-open orders and the daily, trade and chart folds all carry over.
@Suite struct BacktestRunStreamTests {
    static let ftx = SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv")

    static func scratch() -> String {
        NSTemporaryDirectory() + "njord-stream-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// The bars written into a scratch store as 1 m bars of venue `test`, symbol `FTX`.
    static func store(_ bars: BarSeries, root: String) throws -> MarketDataStore {
        let store = MarketDataStore(root: root)
        try store.write(
            bars.storedBars, venue: "test", symbol: "FTX", kind: .bars(.oneMinute))
        return store
    }

    @Test(arguments: [
        ("sma_cross", "fast=10,slow=50", 997), ("bollinger", "period=20,num_std=2,quantity=1", 997),
        ("bollinger", "period=20,num_std=2,quantity=1", 1),
    ])
    func aStreamedRunWritesTheFilesOfTheSameRunInMemory(strategy: String, params: String, chunkBars: Int) throws {
        let root = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let bars = try BarCSVReader.read(path: Self.ftx.path)
        let store = try Self.store(bars, root: root + "/store")
        let parameters = try StrategyParameters(parsing: params)
        let config = BacktestConfig(
            cash: Fixed(100_000), feeRate: try Fixed("0.001"),
            fees: try FeeSchedule(makerRate: try Fixed("0.0002"), takerRate: try Fixed("0.001")))
        let heading = BacktestReportHTML.Heading(strategy: strategy, parameters: params, data: "ftx45k")

        let held = try BacktestRunner.run(strategy: strategy, parameters: parameters, bars: bars, config: config)
        try BacktestRunWriter.write(
            result: held, bars: bars, analysis: BacktestAnalysis(result: held, bars: bars), heading: heading,
            configJSON: "{}", runJSON: "{}", to: root + "/held")

        let stream = try BacktestRunStream(directory: root + "/streamed", startingCash: config.cash, configJSON: "{}")
        var chunks = 0
        let streamed = try BacktestRunner.runStore(
            strategy: strategy, parameters: parameters, store: store, venue: "test", symbol: "FTX",
            interval: .oneMinute, config: config, chunkBars: chunkBars
        ) { chunk in
            chunks += 1
            try stream.record(chunk)
        }
        try stream.finish(result: streamed, heading: heading, runJSON: "{}")

        #expect(chunks >= bars.count / chunkBars)
        #expect(streamed.bars == held.bars && streamed.finalEquity == held.finalEquity)
        #expect(streamed.entries == held.entries && streamed.exits == held.exits && held.entries > 10)
        #expect(streamed.fills.isEmpty && streamed.orders.isEmpty, "a streamed result holds neither")
        for name in BacktestRunWriter.deterministicFiles {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(root)/held/\(name)"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(root)/streamed/\(name)"))
            #expect(!a.isEmpty && a == b, "\(name) differs between the streamed and the in-memory run")
        }
    }

    @Test func aStoreRangeWithoutBarsIsReportedAsNoBars() throws {
        let root = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(throws: BacktestDataError.noBars(source: "store test/NONE/bars-1m")) {
            try BacktestRunner.runStore(
                strategy: "sma_cross", parameters: StrategyParameters(), store: MarketDataStore(root: root),
                venue: "test", symbol: "NONE", interval: .oneMinute,
                config: BacktestConfig(cash: Fixed(1), feeRate: .zero)
            ) { _ in }
        }
    }
}
