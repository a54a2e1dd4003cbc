import Foundation
import NjordBacktest
import NjordCore
import NjordStrategies
import NjordTestSupport
import Testing

/// Several symbols in one run: bars merged by time (ties by name) through one kernel per symbol,
/// from one shared cash account; the result does not depend on the order the symbols are given.
@Suite struct BacktestEngineSymbolsTests {
    static let ftx = SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv")
    static let config = BacktestConfig(cash: Fixed(100_000), feeRate: Fixed(raw: 100_000))  // 0.001
    static let parameters = try! StrategyParameters(parsing: "fast=10,slow=50")

    /// ftx45k as `BTC`, and as `ALT` its bars from 5000 bars later (wrapping round) at three
    /// quarters of the price, at the same times: every bar a tie, the crossings at other times.
    static func symbols() throws -> [SymbolBars] {
        let bars = try BarCSVReader.read(path: ftx.path)
        var alt = BarSeries()
        for i in 0..<bars.count {
            let k = (i + 5_000) % bars.count
            alt.append(
                time: bars.times[i], open: bars.open[k] / 4 * 3, high: bars.high[k] / 4 * 3, low: bars.low[k] / 4 * 3,
                close: bars.close[k] / 4 * 3, volume: bars.volume[k])
        }
        return [SymbolBars(symbol: "BTC", bars: bars), SymbolBars(symbol: "ALT", bars: alt)]
    }

    @Test func theRunDoesNotDependOnTheOrderTheSymbolsAreGiven() throws {
        let symbols = try Self.symbols()
        let forward = try BacktestRunner.run(
            strategy: SmaCross.name, parameters: Self.parameters, symbols: symbols, config: Self.config)
        let backward = try BacktestRunner.run(
            strategy: SmaCross.name, parameters: Self.parameters, symbols: symbols.reversed(), config: Self.config)
        #expect(forward.result.fills == backward.result.fills && forward.result.orders == backward.result.orders)
        #expect(forward.result.finalEquity == backward.result.finalEquity)
        #expect(forward.rowSymbols == backward.rowSymbols && forward.timeline.times == backward.timeline.times)
        // Ties go by name: every minute replays ALT before BTC.
        #expect(forward.rowSymbols.prefix(4) == ["ALT", "BTC", "ALT", "BTC"])
        #expect(forward.result.bars == 2 * symbols[0].bars.count)

        let root = NSTemporaryDirectory() + "njord-symbols-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (name, run) in [("f", forward), ("b", backward)] {
            try BacktestRunWriter.write(
                result: run.result, bars: run.timeline,
                analysis: BacktestAnalysis(result: run.result, bars: run.timeline, rowSymbols: run.rowSymbols),
                heading: .init(strategy: "sma_cross", parameters: "", data: "two"), configJSON: "{}", runJSON: "{}",
                to: "\(root)/\(name)")
        }
        for file in BacktestRunWriter.deterministicFiles {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(root)/f/\(file)"))
            #expect(a == (try Data(contentsOf: URL(fileURLWithPath: "\(root)/b/\(file)"))), "\(file) differs")
        }
    }

    @Test func theSymbolsShareOneCashAccountThatIsNeverOverdrawn() throws {
        let run = try BacktestRunner.run(
            strategy: SmaCross.name, parameters: Self.parameters, symbols: try Self.symbols(), config: Self.config)
        let fills = run.result.fills
        #expect(Set(fills.compactMap(\.symbol)) == ["ALT", "BTC"] && fills.allSatisfy { $0.symbol != nil })
        #expect(fills.allSatisfy { !$0.cashAfter.isNegative })
        // Each buy spends all the free cash: while one symbol holds, the other's buys find none.
        #expect(run.result.rejectedOrders > 0)
        var cash = Self.config.cash
        var positions: [String: Fixed] = [:]
        for fill in fills {
            cash += fill.side == .buy ? .zero - (fill.notional + fill.fee) : fill.notional - fill.fee
            #expect(fill.cashAfter == cash, "the shared cash after a fill")
            positions[fill.symbol!, default: .zero] += fill.side == .buy ? fill.quantity : .zero - fill.quantity
            #expect(positions[fill.symbol!] == fill.positionAfter)
        }
        #expect(run.result.finalCash == cash)
        let lastBTC = try #require(run.rowSymbols.lastIndex(of: "BTC"))
        let lastALT = try #require(run.rowSymbols.lastIndex(of: "ALT"))
        let marked =
            try (positions["BTC"] ?? .zero).multiplied(
                by: Fixed(raw: Int128(run.timeline.close[lastBTC])), rounding: .toNearestOrEven)
            + (positions["ALT"] ?? .zero).multiplied(
                by: Fixed(raw: Int128(run.timeline.close[lastALT])), rounding: .toNearestOrEven)
        #expect(run.result.finalEquity == cash + marked)
        let curve = BacktestAnalysis(result: run.result, bars: run.timeline, rowSymbols: run.rowSymbols).curve
        #expect(curve.count == run.result.bars && curve.equity.last == run.result.finalEquity)
    }

    @Test func aRunOverOneSymbolIsTheOneSymbolRun() throws {
        let bars = try BarCSVReader.read(path: Self.ftx.path)
        let single = try BacktestRunner.run(
            strategy: SmaCross.name, parameters: Self.parameters, bars: bars, config: Self.config)
        let merged = try BacktestRunner.run(
            strategy: SmaCross.name, parameters: Self.parameters, symbols: [SymbolBars(symbol: "BACKTEST", bars: bars)],
            config: Self.config)
        #expect(
            merged.result.fills.map {
                var f = $0; f.symbol = nil; return f
            } == single.fills)
        #expect(merged.result.orders == single.orders && merged.result.finalEquity == single.finalEquity)
        #expect(single.entries == 617)
    }
}
