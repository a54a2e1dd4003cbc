public import ArgumentParser
import Foundation
import NjordBacktest
import NjordCore
import NjordExecution
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
    @Flag(help: "Replay trades from the store (--symbol, --from, --to) with the book fill model.") var ticks = false
    @Option(help: "Store root, when reading the store (--venue, --symbol).")
    var store: String = MarketDataStore.defaultRoot
    @Option(help: "Venue in the store.") var venue: String = "binance"
    @Option(help: "Symbol in the store.") var symbol: String?
    @Option(help: "First time read from the store, ISO 8601 UTC or YYYY-MM-DD (inclusive).") var from: String?
    @Option(help: "End of the store range, ISO 8601 UTC or YYYY-MM-DD (exclusive).") var to: String?
    @Option(help: "Bar interval: of the stored bars (default 1m), or the strategy's bars from ticks (default 1s).")
    var interval: String?
    @Option(help: "Strategy: \(BacktestRunner.strategyNames.joined(separator: ", ")).")
    var strategy: String = SmaCross.name
    @Option(help: "Strategy parameters, name=value,… (e.g. fast=10,slow=50).") var params: String = ""
    @Option(help: "Fee per fill as a fraction of notional (maker and taker unless given apart).")
    var fee: String = "0.001"
    @Option(help: "Maker fee (resting limit fills); default --fee.") var makerFee: String?
    @Option(help: "Taker fee (market and crossing fills); default --fee.") var takerFee: String?
    @Option(help: "Starting quote cash.") var cash: String = "100000"
    @Option(help: "Fill model: next_open (bars), book (ticks; default with --ticks).") var fill: String?
    @Option(help: "Slippage of taker fills in basis points.") var slippageBps: String?
    @Option(help: "Slippage of taker fills in ticks.") var slippageTicks: Int?
    @Option(help: "Latency between a decision and its arrival at the simulated venue, ms.") var latencyMs: Int64 = 0
    @Option(help: "Fraction of each trade resting orders may fill (default 0.1 with ticks, off for bars; 0: off).")
    var volumeCap: String?
    @Option(help: "Touch rule for a trade (or a bar's low/high) exactly at a limit: traded_quantity or none.")
    var touch: String = TouchFillRule.tradedQuantity.rawValue
    @Option(help: "Risk profile of config/base.yaml: backtest (default) or live.") var risk: String = "backtest"
    @Option(help: "Config directory (risk limits and profiles); defaults apply when it has no base.yaml.")
    var configDir: String = "config"
    @Option(help: "Price tick.") var tick: String = "0.00000001"
    @Option(help: "Quantity step; quote-amount buys are rounded down to it.") var step: String = "0.00000001"
    @Option(help: "Folder the run folders go in.") var runsDir: String = "var/backtests"
    @Option(help: "Name of this run's folder (default: UTC time and process id).") var runId: String?
    @Flag(help: "Print one JSON object.") var json = false

    public init() {}

    public func run() throws {
        let fillModel: FillModel
        if let fill {
            guard let model = FillModel(rawValue: fill) else {
                throw ValidationError(
                    "--fill must be one of \(FillModel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            fillModel = model
        } else {
            fillModel = ticks ? .book : .nextOpen
        }
        guard ticks == (fillModel == .book) else {
            throw ValidationError("--fill book replays ticks (--ticks); bars use --fill next_open")
        }
        let feeRate = try decimal(fee, "--fee")
        let (riskLimits, killSwitch) = try BacktestRiskSettings.limits(profile: risk, configDirectory: configDir)
        var config = BacktestConfig(
            cash: try decimal(cash, "--cash"), feeRate: feeRate,
            filters: InstrumentFilters(tickSize: try decimal(tick, "--tick"), stepSize: try decimal(step, "--step")),
            fillModel: fillModel, fillOptions: try fillOptions(), risk: riskLimits, killSwitch: killSwitch,
            symbol: symbol?.uppercased() ?? "BACKTEST")
        if makerFee != nil || takerFee != nil {
            do {
                config.fees = try FeeSchedule(
                    makerRate: try makerFee.map { try decimal($0, "--maker-fee") } ?? feeRate,
                    takerRate: try takerFee.map { try decimal($0, "--taker-fee") } ?? feeRate)
            } catch let error as ExecutionConfigError { throw ValidationError("\(error)") }
        }
        do { try config.validate() } catch { throw ValidationError("\(error)") }
        let parameters = try StrategyParameters(parsing: params)
        let start = try time(from, "--from")
        let end = try time(to, "--to")

        let id = runId ?? Self.defaultRunId()
        let directory = "\(runsDir)/\(id)"
        let sortedParams = parameters.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let source: String
        let dataName: String
        var ticksSymbol: String?
        var storeBars: (symbol: String, interval: BarInterval)?
        // Several symbols: `--symbol A,B` from the store, or `--bars a.csv,b.csv --symbol A,B`.
        let symbolList = symbol.map { $0.split(separator: ",").map { $0.uppercased() } } ?? []
        let barFiles = bars.map { $0.split(separator: ",").map(String.init) } ?? []
        let several = symbolList.count > 1 || barFiles.count > 1
        if several {
            guard !ticks else { throw ValidationError("--ticks replays one symbol; give one --symbol") }
            guard Set(symbolList).count == symbolList.count else {
                throw ValidationError("--symbol \(symbol ?? ""): a symbol is listed twice")
            }
            if !barFiles.isEmpty, symbolList.count != barFiles.count {
                throw ValidationError("give one --symbol label per --bars file (\(barFiles.count) files)")
            }
        }
        let multiInterval = BarInterval(rawValue: interval ?? "1m")
        if several {
            guard let multiInterval else { throw ValidationError("--interval must be one of 1s, 1m, 1h, 1d") }
            source =
                barFiles.isEmpty
                ? symbolList.map { "store:\(store)/\(venue)/\($0)/bars-\(multiInterval.rawValue)" }
                    .joined(separator: ",") : barFiles.joined(separator: ",")
            dataName =
                barFiles.isEmpty
                ? "store:\(venue)/\(symbolList.joined(separator: ","))/bars-\(multiInterval.rawValue)"
                : barFiles.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ",")
        } else if ticks {
            guard let symbol else { throw ValidationError("--ticks needs --symbol (and --venue, default binance)") }
            guard let barInterval = BarInterval(rawValue: interval ?? "1s") else {
                throw ValidationError("--interval must be one of 1s, 1m, 1h, 1d")
            }
            source = "store:\(store)/\(venue)/\(symbol.uppercased())/trades"
            dataName = "store:\(venue)/\(symbol.uppercased())/trades→\(barInterval.rawValue)"
            ticksSymbol = symbol
            storeBars = (symbol.uppercased(), barInterval)
        } else if let bars {
            source = bars
            dataName = URL(fileURLWithPath: bars).lastPathComponent
        } else if let symbol {
            guard let barInterval = BarInterval(rawValue: interval ?? "1m") else {
                throw ValidationError("--interval must be one of 1s, 1m, 1h, 1d")
            }
            source = "store:\(store)/\(venue)/\(symbol.uppercased())/bars-\(barInterval.rawValue)"
            dataName = "store:\(venue)/\(symbol.uppercased())/bars-\(barInterval.rawValue)"
            storeBars = (symbol.uppercased(), barInterval)
        } else {
            throw ValidationError("give --bars FILE, or --symbol (and --venue) to read the store")
        }
        let configJSON =
            "{\"source\":\(jsonString(source)),\"strategy\":\(jsonString(strategy)),"
            + "\"params\":{\(parameters.values.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\(jsonString($0.value))" }.joined(separator: ","))},"
            + "\"fee\":\"\(config.feeRate)\",\"maker_fee\":\"\(config.feeSchedule.makerRate)\","
            + "\"taker_fee\":\"\(config.feeSchedule.takerRate)\",\"cash\":\"\(config.cash)\","
            + "\"fill\":\"\(fillModel.rawValue)\",\"risk\":\(jsonString(risk)),"
            + "\"slippage\":\(jsonString("\(config.fillOptions.slippage)")),\"latency_ms\":\(latencyMs),"
            + "\"volume_cap\":\(jsonString(config.fillOptions.volumeCap.map { "\($0)" } ?? "off")),"
            + "\"touch\":\(jsonString(touch)),"
            + "\"tick\":\"\(config.filters.tickSize)\",\"step\":\"\(config.filters.stepSize)\"}"
        let heading = BacktestReportHTML.Heading(
            strategy: strategy, parameters: sortedParams.joined(separator: ","), data: dataName)
        func runJSON(_ result: BacktestResult) -> String {
            "{\"run_id\":\(jsonString(id)),\"finished_at\":\"\(SystemClock().now().iso8601)\","
                + "\"run_seconds\":\(result.runSeconds),\"bars_per_second\":\(result.barsPerSecond.rounded())}"
        }

        let result: BacktestResult
        let metrics: BacktestMetrics
        var roundedVolumes = 0
        if several, let multiInterval {
            var entries: [SymbolBars] = []
            for (k, name) in symbolList.enumerated() {
                let series =
                    barFiles.isEmpty
                    ? try BarSeries.load(
                        store: MarketDataStore(root: store), venue: venue, symbol: name, interval: multiInterval,
                        from: start, to: end)
                    : try BarCSVReader.read(path: barFiles[k])
                roundedVolumes += series.roundedVolumes
                entries.append(SymbolBars(symbol: name, bars: series))
            }
            let run = try BacktestRunner.run(
                strategy: strategy, parameters: parameters, symbols: entries, config: config)
            result = run.result
            let analysis = BacktestAnalysis(result: result, bars: run.timeline, rowSymbols: run.rowSymbols)
            try BacktestRunWriter.write(
                result: result, bars: run.timeline, analysis: analysis, heading: heading, configJSON: configJSON,
                runJSON: runJSON(result), to: directory)
            metrics = analysis.metrics
        } else if let bars, !ticks {
            let series = try BarCSVReader.read(path: bars)
            roundedVolumes = series.roundedVolumes
            result = try BacktestRunner.run(strategy: strategy, parameters: parameters, bars: series, config: config)
            metrics = try Self.writeInMemory(
                result: result, series: series, heading: heading, configJSON: configJSON, runJSON: runJSON(result),
                directory: directory)
        } else if let symbol = ticksSymbol, let barInterval = storeBars?.interval {
            let series: BarSeries
            (result, series) = try BacktestRunner.runTicks(
                strategy: strategy, parameters: parameters, store: MarketDataStore(root: store), venue: venue,
                symbol: symbol, from: start, to: end, interval: barInterval, config: config)
            metrics = try Self.writeInMemory(
                result: result, series: series, heading: heading, configJSON: configJSON, runJSON: runJSON(result),
                directory: directory)
        } else if let stored = storeBars {
            // Stored bars stream through the engine and into the run folder: memory stays flat in
            // the number of bars (BacktestRunStream).
            let stream = try BacktestRunStream(directory: directory, startingCash: config.cash, configJSON: configJSON)
            result = try BacktestRunner.runStore(
                strategy: strategy, parameters: parameters, store: MarketDataStore(root: store), venue: venue,
                symbol: stored.symbol, interval: stored.interval, from: start, to: end, config: config,
                sink: stream.record)
            metrics = try stream.finish(result: result, heading: heading, runJSON: runJSON(result))
        } else {
            throw ValidationError("give --bars FILE, or --symbol (and --venue) to read the store")
        }

        if json {
            print(
                "{\"bars\":\(result.bars),\"ticks\":\(result.ticks),\"rounded_volumes\":\(roundedVolumes),\"entries\":\(result.entries),\"exits\":\(result.exits),"
                    + "\"rejected_orders\":\(result.rejectedOrders),\"risk_denied\":\(result.riskDenied),"
                    + "\"expired_orders\":\(result.expiredOrders),\"unfilled_at_end\":\(result.unfilledAtEnd),"
                    + "\"final_equity\":\"\(result.finalEquity)\",\"final_cash\":\"\(result.finalCash)\","
                    + "\"final_position\":\"\(result.finalPosition)\","
                    + "\"run_seconds\":\(result.runSeconds),\"bars_per_second\":\(result.barsPerSecond.rounded()),"
                    + "\"ticks_per_second\":\(result.ticksPerSecond.rounded()),"
                    + "\"metrics\":\(metrics.json()),"
                    + "\"run_dir\":\(jsonString(directory))}")
        } else {
            print("\(source): \(result.bars) bars, \(strategy) \(params)")
            print("entries \(result.entries), exits \(result.exits), final equity \(result.finalEquity)")
            if result.riskDenied > 0 {
                print("risk denied \(result.riskDenied) orders; first: \(result.firstRiskDenial ?? "")")
            }
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

    /// Writes the run folder of a run whose bars are in memory; returns its metrics.
    static func writeInMemory(
        result: BacktestResult, series: BarSeries, heading: BacktestReportHTML.Heading, configJSON: String,
        runJSON: String, directory: String
    ) throws -> BacktestMetrics {
        let analysis = BacktestAnalysis(result: result, bars: series)
        try BacktestRunWriter.write(
            result: result, bars: series, analysis: analysis, heading: heading, configJSON: configJSON,
            runJSON: runJSON, to: directory)
        return analysis.metrics
    }

    /// The touch rule, slippage, latency and volume cap from the options.
    private func fillOptions() throws -> FillModelOptions {
        guard let touchRule = TouchFillRule(rawValue: touch) else {
            throw ValidationError("--touch must be traded_quantity or none")
        }
        var slippage = Slippage.none
        if let slippageBps, slippageTicks != nil {
            throw ValidationError("give --slippage-bps \(slippageBps) or --slippage-ticks, not both")
        }
        if let slippageBps { slippage = .bps(try decimal(slippageBps, "--slippage-bps")) }
        if let slippageTicks { slippage = .ticks(slippageTicks) }
        var cap: Fixed? = ticks ? Fixed(raw: 10_000_000) : nil  // 0.1
        if let volumeCap {
            let value = try decimal(volumeCap, "--volume-cap")
            cap = value.isZero ? nil : value
        }
        do {
            return try FillModelOptions(
                touchFill: touchRule, slippage: slippage, latencyNanoseconds: latencyMs * 1_000_000, volumeCap: cap)
        } catch { throw ValidationError("\(error)") }
    }

    /// `YYYY-MM-DD` (midnight UTC) or ISO 8601 UTC.
    private func time(_ text: String?, _ name: String) throws -> Timestamp? {
        guard let text else { return nil }
        let full = text.count == 10 ? text + "T00:00:00Z" : text
        guard let t = Timestamp(iso8601: full) else { throw ValidationError("\(name): '\(text)' is not ISO 8601 UTC") }
        return t
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
