import ArgumentParser
import Foundation
import NjordBacktest
import NjordMarketData
import NjordStrategies
import NjordSweep

/// What `njord sweep` and `njord walkforward` share: the data, the strategy and its grid (or a
/// random sample of it), the metric to rank by and the account settings of `njord backtest`.
struct SweepSpecOptions: ParsableArguments {
    @Option(help: "Bars CSV: timestamp,open,high,low,close,volume.") var bars: String?
    @Option(help: "Store root, when reading bars from the store (--venue, --symbol).")
    var store: String = MarketDataStore.defaultRoot
    @Option(help: "Venue of the stored bars.") var venue: String?
    @Option(help: "Symbol of the stored bars.") var symbol: String?
    @Option(help: "Bar interval of the stored bars (1s, 1m, 1h, 1d).") var interval: String = "1m"
    @Option(help: "Strategy: \(BacktestRunner.strategyNames.joined(separator: ", ")).")
    var strategy: String = SmaCross.name
    @Option(
        help:
            "Parameter grid: name=start:stop:step or name=value, comma-separated (fast=5:50:5,slow=20:200:10); empty: the defaults once."
    )
    var grid: String
    @Option(help: "Draw this many distinct parameter sets at random from the grid instead of all of them.")
    var random: Int?
    @Option(help: "Seed of the random search.") var seed: UInt64 = 1
    @Option(help: "Metric to rank by: \(SweepMetric.names.joined(separator: ", ")).") var metric: String = "sharpe"
    @Option(help: "Fee per fill as a fraction of notional.") var fee: String = "0.001"
    @Option(help: "Starting quote cash.") var cash: String = "100000"
    @Option(help: "Fill model: \(FillModel.allCases.map(\.rawValue).joined(separator: ", ")).")
    var fill: String = FillModel.nextOpen.rawValue
    @Option(help: "Price tick.") var tick: String = "0.00000001"
    @Option(help: "Quantity step; quote-amount buys are rounded down to it.") var step: String = "0.00000001"

    func validate() throws {
        if let random, random <= 0 { throw ValidationError("--random must be positive") }
        if bars == nil, venue == nil || symbol == nil {
            throw ValidationError("give --bars FILE, or --venue and --symbol to read the store")
        }
    }

    var settings: BacktestJobSettings { BacktestJobSettings(fee: fee, cash: cash, fill: fill, tick: tick, step: step) }

    /// The data source with absolute paths, so that workers started elsewhere find it.
    func data() throws -> BacktestJobData {
        if let bars {
            let path = URL(fileURLWithPath: bars).standardizedFileURL.path
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw ValidationError("--bars \(bars): no such file")
            }
            return BacktestJobData(bars: path)
        }
        return BacktestJobData(
            store: URL(fileURLWithPath: store).standardizedFileURL.path, venue: venue, symbol: symbol,
            interval: interval)
    }

    func rankingMetric() throws -> SweepMetric {
        do { return try SweepMetric(metric) } catch { throw ValidationError("--metric: \(error)") }
    }

    /// The parameter sets to run, in order, and how many of the grid's the strategy refused
    /// (`slow` not above `fast`, …) with the first refusal's reason.
    /// An empty grid is one set: the strategy's defaults (the console's backtest without parameters).
    func parameterSets() throws -> (sets: [StrategyParameters], refused: Int, firstRefusal: String?) {
        let all: [StrategyParameters]
        if grid.trimmingCharacters(in: .whitespaces).isEmpty {
            all = [StrategyParameters()]
        } else {
            let parsed: ParameterGrid
            do { parsed = try ParameterGrid(parsing: grid) } catch { throw ValidationError("--grid: \(error)") }
            do {
                all = try random.map { try parsed.randomSample(count: $0, seed: seed) } ?? parsed.all()
            } catch { throw ValidationError("--grid: \(error)") }
        }
        // Building the strategy on no bars checks its parameters without running anything.
        var valid: [StrategyParameters] = []
        var refused = 0
        var first: String?
        for parameters in all {
            do {
                _ = try BacktestRunner.run(
                    strategy: strategy, parameters: parameters, bars: BarSeries(),
                    config: BacktestConfig(cash: .init(1), feeRate: .zero))
                valid.append(parameters)
            } catch .unknownStrategy(let name) {
                throw ValidationError("--strategy: unknown strategy '\(name)'")
            } catch {
                refused += 1
                if first == nil { first = "\(parameters.canonicalText): \(error)" }
            }
        }
        guard !valid.isEmpty else {
            throw ValidationError("--grid: the strategy refuses every parameter set (\(first ?? "none"))")
        }
        return (valid, refused, first)
    }
}
