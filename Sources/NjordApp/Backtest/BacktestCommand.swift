public import ArgumentParser
import Foundation
import NjordBacktest
import NjordCore
import NjordMarketData
import NjordStrategies

/// `njord backtest`: replays bars from a CSV file or the store through a strategy, prints a
/// summary (one JSON object with `--json`) and writes the run's folder under `--runs-dir`
/// (see ``BacktestRunWriter``; metrics are defined in docs/METRICS.md).
///
/// In the JSON, money is an exact decimal string (`final_equity`, `final_cash`, …); rates and
/// metrics are numbers. `run_seconds` is the replay loop alone (parsing and writing excluded).
public struct BacktestCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "backtest", abstract: "Backtest a strategy on bars (CSV file or the store).")

    @Option(help: "Bars CSV: timestamp,open,high,low,close,volume.") var bars: String?
    @Option(help: "Store root, when reading bars from the store (--venue, --symbol).")
    var store: String = MarketDataStore.defaultRoot
    @Option(help: "Venue of the stored bars.") var venue: String?
    @Option(help: "Symbol of the stored bars.") var symbol: String?
    @Option(help: "Bar interval of the stored bars (1s, 1m, 1h, 1d).") var interval: String = "1m"
    @Option(help: "Strategy: \(BacktestRunner.strategyNames.joined(separator: ", ")).")
    var strategy: String = SmaCross.name
    @Option(help: "Strategy parameters, name=value,… (e.g. fast=10,slow=50).") var params: String = ""
    @Option(help: "Fee per fill as a fraction of notional.") var fee: String = "0.001"
    @Option(help: "Starting quote cash.") var cash: String = "100000"
    @Option(help: "Fill model: \(FillModel.allCases.map(\.rawValue).joined(separator: ", ")).")
    var fill: String = FillModel.nextOpen.rawValue
    @Option(help: "Price tick.") var tick: String = "0.00000001"
    @Option(help: "Quantity step; quote-amount buys are rounded down to it.") var step: String = "0.00000001"
    @Option(help: "Folder the run folders go in.") var runsDir: String = "var/backtests"
    @Option(help: "Name of this run's folder (default: UTC time and process id).") var runId: String?
    @Flag(help: "Print one JSON object.") var json = false

    public init() {}

    public func run() throws {
        guard let fillModel = FillModel(rawValue: fill) else {
            throw ValidationError("--fill must be one of \(FillModel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let config = BacktestConfig(
            cash: try decimal(cash, "--cash"), feeRate: try decimal(fee, "--fee"),
            filters: InstrumentFilters(tickSize: try decimal(tick, "--tick"), stepSize: try decimal(step, "--step")),
            fillModel: fillModel)
        guard config.cash.isPositive, !config.feeRate.isNegative, config.filters.tickSize.isPositive,
            config.filters.stepSize.isPositive
        else { throw ValidationError("--cash, --tick and --step must be positive and --fee not negative") }
        let parameters = try StrategyParameters(parsing: params)

        let series: BarSeries
        let source: String
        let dataName: String
        if let bars {
            series = try BarCSVReader.read(path: bars)
            source = bars
            dataName = URL(fileURLWithPath: bars).lastPathComponent
        } else if let venue, let symbol {
            guard let barInterval = BarInterval(rawValue: interval) else {
                throw ValidationError("--interval must be one of 1s, 1m, 1h, 1d")
            }
            series = try BarSeries.load(
                store: MarketDataStore(root: store), venue: venue, symbol: symbol, interval: barInterval)
            source = "store:\(store)/\(venue)/\(symbol)/bars-\(interval)"
            dataName = "store:\(venue)/\(symbol)/bars-\(interval)"
        } else {
            throw ValidationError("give --bars FILE, or --venue and --symbol to read the store")
        }

        let result = try BacktestRunner.run(strategy: strategy, parameters: parameters, bars: series, config: config)
        let finishedAt = SystemClock().now()
        let analysis = BacktestAnalysis(result: result, bars: series)
        let metrics = analysis.metrics
        let id = runId ?? Self.defaultRunId()
        let directory = "\(runsDir)/\(id)"
        let configJSON =
            "{\"source\":\(jsonString(source)),\"strategy\":\(jsonString(strategy)),"
            + "\"params\":{\(parameters.values.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\(jsonString($0.value))" }.joined(separator: ","))},"
            + "\"fee\":\"\(config.feeRate)\",\"cash\":\"\(config.cash)\",\"fill\":\"\(fillModel.rawValue)\","
            + "\"tick\":\"\(config.filters.tickSize)\",\"step\":\"\(config.filters.stepSize)\"}"
        let runJSON =
            "{\"run_id\":\(jsonString(id)),\"finished_at\":\"\(finishedAt.iso8601)\","
            + "\"run_seconds\":\(result.runSeconds),\"bars_per_second\":\(result.barsPerSecond.rounded())}"
        let sortedParams = parameters.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        try BacktestRunWriter.write(
            result: result, bars: series, analysis: analysis,
            heading: .init(strategy: strategy, parameters: sortedParams.joined(separator: ","), data: dataName),
            configJSON: configJSON, runJSON: runJSON, to: directory)

        if json {
            print(
                "{\"bars\":\(result.bars),\"rounded_volumes\":\(series.roundedVolumes),\"entries\":\(result.entries),\"exits\":\(result.exits),"
                    + "\"rejected_orders\":\(result.rejectedOrders),\"unfilled_at_end\":\(result.unfilledAtEnd),"
                    + "\"final_equity\":\"\(result.finalEquity)\",\"final_cash\":\"\(result.finalCash)\","
                    + "\"final_position\":\"\(result.finalPosition)\","
                    + "\"run_seconds\":\(result.runSeconds),\"bars_per_second\":\(result.barsPerSecond.rounded()),"
                    + "\"metrics\":\(metrics.json()),"
                    + "\"run_dir\":\(jsonString(directory))}")
        } else {
            print("\(source): \(result.bars) bars, \(strategy) \(params)")
            print("entries \(result.entries), exits \(result.exits), final equity \(result.finalEquity)")
            print(
                "total return \(String(format: "%.4f%%", metrics.totalReturn * 100)), "
                    + "sharpe \(String(format: "%.3f", metrics.sharpe)), "
                    + "max drawdown \(String(format: "%.4f%%", metrics.maxDrawdown * 100)), "
                    + "\(metrics.trades) trades")
            print(
                "run \(String(format: "%.4f", result.runSeconds)) s "
                    + "(\(String(format: "%.0f", result.barsPerSecond)) bars/s)")
            print("run folder: \(directory)")
        }
    }

    private func decimal(_ text: String, _ name: String) throws -> Fixed {
        do { return try Fixed(text) } catch { throw ValidationError("\(name) \(text): \(error)") }
    }

    private func jsonString(_ text: String) -> String { RunText.json(text) }

    /// `YYYYMMDDTHHMMSSZ-<pid>`: sortable and unique per process.
    static func defaultRunId() -> String {
        let digits = SystemClock().now().iso8601.filter(\.isNumber)
        return "\(digits.prefix(8))T\(digits.dropFirst(8).prefix(6))Z-\(getpid())"
    }
}
