public import ArgumentParser
import Dispatch
import Foundation
import NjordBacktest
import NjordCore
import NjordStrategies
import NjordSweep

/// `njord walkforward`: rolling in-sample optimization and out-of-sample evaluation. For each
/// window (``WalkForwardWindow/rolling(firstTime:lastTime:trainDays:testDays:)``) every parameter
/// set of the grid runs on the training span from the starting cash, the best by `--metric` is
/// chosen (ties to the earlier set), and that set runs on the test span with the previous test
/// window's final equity as its cash. The test runs are stitched (``WalkForwardStitch``) into
/// one run folder (equity.csv, metrics.json, report.html, …) and a JSON summary is printed.
///
/// It runs in this process, on `--threads` threads, rather than through `bt:jobs`: each window's
/// optimization is a few hundred short runs over bars already in memory, and the windows depend
/// on each other's final equity, so queueing them would add a Redis round trip, a data load and a
/// run folder per run for no gain; a sweep is the tool for one large grid.
public struct WalkForwardCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "walkforward", abstract: "Walk-forward: optimize in-sample, run out-of-sample, stitch.")

    @OptionGroup var spec: SweepSpecOptions
    @Option(help: "Days of each in-sample (training) span.") var trainDays: Int = 30
    @Option(help: "Days of each out-of-sample (test) span; windows roll forward by this much.") var testDays: Int = 10
    @Option(help: "Threads for the in-sample runs (default: the number of cores).") var threads: Int?
    @Option(help: "Folder the run folder goes in.") var runsDir: String = "var/backtests"
    @Option(help: "Name of the run folder (default: wf-<UTC time>-<pid>).") var runId: String?

    public init() {}

    public func validate() throws {
        if let threads, threads <= 0 { throw ValidationError("--threads must be positive") }
    }

    public func run() throws {
        let metric = try spec.rankingMetric()
        let data = try spec.data()
        let (sets, _, _) = try spec.parameterSets()
        let job = BacktestJob(
            sweepId: "wf", index: 0, strategy: spec.strategy, params: [:], data: data, settings: spec.settings)
        let baseConfig = try BacktestJobRunner.config(of: job)
        let series = try BacktestJobRunner.load(data)
        guard series.count > 1 else { throw ValidationError("the data has \(series.count) bar(s)") }
        let windows: [WalkForwardWindow]
        do {
            windows = try WalkForwardWindow.rolling(
                firstTime: series.times[0], lastTime: series.times[series.count - 1], trainDays: trainDays,
                testDays: testDays)
        } catch { throw ValidationError("\(error)") }

        var summaries: [String] = []
        var outOfSample: [(result: BacktestResult, bars: BarSeries)] = []
        var cash = baseConfig.cash
        for window in windows {
            let train = series.slice(series.indices(from: window.trainStart, to: window.trainEnd))
            let test = series.slice(series.indices(from: window.testStart, to: window.testEnd))
            guard !test.isEmpty else { continue }
            let inSample = try optimize(sets: sets, bars: train, config: baseConfig, metric: metric)
            var config = baseConfig
            config.cash = cash
            let chosen = sets[inSample.best]
            let result = try BacktestRunner.run(strategy: spec.strategy, parameters: chosen, bars: test, config: config)
            let oosMetrics = BacktestAnalysis(result: result, bars: test).metrics
            summaries.append(
                "{\"index\":\(window.index),\"train_from\":\(RunText.json(Self.time(window.trainStart))),"
                    + "\"train_to\":\(RunText.json(Self.time(window.trainEnd))),"
                    + "\"test_from\":\(RunText.json(Self.time(window.testStart))),"
                    + "\"test_to\":\(RunText.json(Self.time(window.testEnd))),"
                    + "\"train_bars\":\(train.count),\"test_bars\":\(test.count),"
                    + "\"params\":{\(chosen.values.sorted { $0.key < $1.key }.map { "\(RunText.json($0.key)):\(RunText.json($0.value))" }.joined(separator: ","))},"
                    + "\"in_sample\":\(inSample.metrics.json()),\"out_of_sample\":\(oosMetrics.json()),"
                    + "\"start_equity\":\"\(cash)\",\"end_equity\":\"\(result.finalEquity)\"}")
            outOfSample.append((result, test))
            cash = result.finalEquity
        }
        let stitched = WalkForwardStitch(windows: outOfSample)
        let analysis = BacktestAnalysis(result: stitched.result, bars: stitched.bars)
        let id = runId ?? "wf-" + BacktestCommand.defaultRunId()
        let directory = URL(fileURLWithPath: runsDir).standardizedFileURL.appendingPathComponent(id).path
        let configJSON =
            "{\"source\":\(RunText.json(BacktestJobRunner.sourceText(data))),\"strategy\":\(RunText.json(spec.strategy)),"
            + "\"params\":{\"walkforward\":\(RunText.json(spec.grid))},\"metric\":\(RunText.json(metric.name)),"
            + "\"train_days\":\(trainDays),\"test_days\":\(testDays),"
            + "\"fee\":\"\(baseConfig.feeRate)\",\"cash\":\"\(baseConfig.cash)\",\"fill\":\"\(baseConfig.fillModel.rawValue)\","
            + "\"tick\":\"\(baseConfig.filters.tickSize)\",\"step\":\"\(baseConfig.filters.stepSize)\"}"
        let runJSON =
            "{\"run_id\":\(RunText.json(id)),\"finished_at\":\"\(SystemClock().now().iso8601)\","
            + "\"run_seconds\":\(stitched.result.runSeconds),\"windows\":\(outOfSample.count)}"
        try BacktestRunWriter.write(
            result: stitched.result, bars: stitched.bars, analysis: analysis,
            heading: .init(
                strategy: spec.strategy, parameters: "walk-forward \(spec.grid) by \(metric.name)",
                data: BacktestJobRunner.dataName(data)),
            configJSON: configJSON, runJSON: runJSON, to: directory)
        print(
            "{\"run_dir\":\(RunText.json(directory)),\"metric\":\(RunText.json(metric.name)),"
                + "\"train_days\":\(trainDays),\"test_days\":\(testDays),\"parameter_sets\":\(sets.count),"
                + "\"starting_cash\":\"\(baseConfig.cash)\",\"final_equity\":\"\(stitched.result.finalEquity)\","
                + "\"window_closes\":\(stitched.windowCloses),\"metrics\":\(analysis.metrics.json()),"
                + "\"windows\":[\(summaries.joined(separator: ","))]}")
    }

    /// Runs every set on the bars and returns the index of the best by the metric and its metrics.
    private func optimize(
        sets: [StrategyParameters], bars: BarSeries, config: BacktestConfig, metric: SweepMetric
    ) throws -> (best: Int, metrics: BacktestMetrics) {
        let outcomes = Outcomes(count: sets.count)
        let strategy = spec.strategy
        let lanes = min(threads ?? ProcessInfo.processInfo.activeProcessorCount, sets.count)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            var i = lane
            while i < sets.count {
                let outcome = Result { () throws(StrategyError) -> BacktestMetrics in
                    let result = try BacktestRunner.run(
                        strategy: strategy, parameters: sets[i], bars: bars, config: config)
                    return BacktestAnalysis(result: result, bars: bars).metrics
                }
                outcomes.set(i, outcome)
                i += lanes
            }
        }
        var metrics: [BacktestMetrics] = []
        for outcome in outcomes.all() { metrics.append(try outcome.get()) }
        let best = metric.ranking(metrics.map { metric.value(in: $0) })[0]
        return (best, metrics[best])
    }

    private static func time(_ nanoseconds: Int64) -> String { Timestamp(nanosecondsSinceEpoch: nanoseconds).iso8601 }

    /// The in-sample outcomes, filled by several threads, one slot each.
    private final class Outcomes: @unchecked Sendable {
        private let lock = Mutex()
        private var slots: [Result<BacktestMetrics, StrategyError>?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ outcome: Result<BacktestMetrics, StrategyError>) {
            lock.withLock { slots[index] = outcome }
        }

        func all() -> [Result<BacktestMetrics, StrategyError>] { lock.withLock { slots.map { $0! } } }
    }
}
