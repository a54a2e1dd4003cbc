import Foundation
public import NjordBacktest
import NjordCore
import NjordMarketData
import NjordStrategies

/// Runs one job the way `njord backtest` runs its command line (same config, same run folder
/// files), into `<runs dir>/<job id>/`. Bars are loaded once per data source and kept for the
/// next jobs, since a sweep's jobs share their data.
public final class BacktestJobRunner {
    public let runsDir: String
    public let host: String
    private var cache: [BacktestJobData: BarSeries] = [:]
    /// How long the last job waited for its bars to load (0 when they were cached): the log names it.
    private(set) var lastLoadMilliseconds = 0.0

    public init(runsDir: String, host: String) {
        self.runsDir = runsDir
        self.host = host
    }

    /// Runs the job; any failure becomes a result carrying the error, so a sweep never waits on a
    /// job that cannot run. `phase` reports progress fractions.
    public func run(_ job: BacktestJob, phase: (Double) -> Void) -> BacktestJobResult {
        do {
            return try runOrThrow(job, phase: phase)
        } catch {
            return BacktestJobResult(
                job: job, host: host, finishedAt: SystemClock().now().nanosecondsSinceEpoch, error: "\(error)")
        }
    }

    private func runOrThrow(_ job: BacktestJob, phase: (Double) -> Void) throws -> BacktestJobResult {
        let config = try Self.config(of: job)
        let series = try bars(job.data)
        phase(0.25)
        let parameters = StrategyParameters(job.params)
        let result = try BacktestRunner.run(
            strategy: job.strategy, parameters: parameters, bars: series, config: config)
        phase(0.75)
        let analysis = BacktestAnalysis(result: result, bars: series)
        let finishedAt = SystemClock().now()
        let directory = URL(fileURLWithPath: runsDir).standardizedFileURL.appendingPathComponent(job.jobId).path
        let configJSON =
            "{\"source\":\(RunText.json(Self.sourceText(job.data))),\"strategy\":\(RunText.json(job.strategy)),"
            + "\"params\":{\(job.params.sorted { $0.key < $1.key }.map { "\(RunText.json($0.key)):\(RunText.json($0.value))" }.joined(separator: ","))},"
            + "\"fee\":\"\(config.feeRate)\",\"cash\":\"\(config.cash)\",\"fill\":\"\(config.fillModel.rawValue)\","
            + "\"tick\":\"\(config.filters.tickSize)\",\"step\":\"\(config.filters.stepSize)\","
            + "\"sweep_id\":\(RunText.json(job.sweepId)),\"job_id\":\(RunText.json(job.jobId))}"
        let runJSON =
            "{\"run_id\":\(RunText.json(job.jobId)),\"finished_at\":\"\(finishedAt.iso8601)\","
            + "\"run_seconds\":\(result.runSeconds),\"bars_per_second\":\(result.barsPerSecond.rounded()),"
            + "\"host\":\(RunText.json(host)),\"pid\":\(getpid())}"
        // Written under <runs dir>/.staging (not a run folder: `njord runs` skips it) and renamed,
        // so a folder is whole or absent; a folder a slower twin of this job already wrote is kept
        // (its deterministic files are the same bytes).
        let stagingRoot = URL(fileURLWithPath: directory).deletingLastPathComponent().appendingPathComponent(".staging")
            .path
        try FileManager.default.createDirectory(atPath: stagingRoot, withIntermediateDirectories: true)
        let staging = "\(stagingRoot)/\(job.jobId)-\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        try BacktestRunWriter.write(
            result: result, bars: series, analysis: analysis,
            heading: .init(strategy: job.strategy, parameters: parameters.canonicalText, data: Self.dataName(job.data)),
            configJSON: configJSON, runJSON: runJSON, to: staging)
        if rename(staging, directory) != 0 {
            try? FileManager.default.removeItem(atPath: staging)
            guard FileManager.default.fileExists(atPath: directory + "/metrics.json") else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: directory])
            }
        }
        // What a worker killed while writing this job left behind.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: stagingRoot)) ?? []
        where name.hasPrefix(job.jobId + "-") {
            try? FileManager.default.removeItem(atPath: "\(stagingRoot)/\(name)")
        }
        phase(1)
        return BacktestJobResult(
            job: job, result: result, analysis: analysis, runDir: directory, host: host,
            finishedAt: finishedAt.nanosecondsSinceEpoch)
    }

    public static func config(of job: BacktestJob) throws -> BacktestConfig {
        guard let fillModel = FillModel(rawValue: job.fill) else {
            throw BacktestJobError.invalidField("fill", job.fill)
        }
        func decimal(_ name: String, _ text: String) throws -> Fixed {
            guard let value = try? Fixed(text) else { throw BacktestJobError.invalidField(name, text) }
            return value
        }
        let config = BacktestConfig(
            cash: try decimal("cash", job.cash), feeRate: try decimal("fee", job.fee),
            filters: InstrumentFilters(
                tickSize: try decimal("tick", job.tick), stepSize: try decimal("step", job.step)),
            fillModel: fillModel)
        guard config.cash.isPositive, !config.feeRate.isNegative, config.filters.tickSize.isPositive,
            config.filters.stepSize.isPositive
        else {
            throw BacktestJobError.invalidField("cash/fee/tick/step", "\(job.cash)/\(job.fee)/\(job.tick)/\(job.step)")
        }
        return config
    }

    /// The job's bars, loaded on first use.
    public func bars(_ data: BacktestJobData) throws -> BarSeries {
        lastLoadMilliseconds = 0
        if let series = cache[data] { return series }
        let started = SystemClock().monotonicNanoseconds()
        let series = try Self.load(data, cache: barsCache)
        lastLoadMilliseconds = Double(SystemClock().monotonicNanoseconds() - started) / 1e6
        if cache.count >= 4 { cache.removeAll() }
        cache[data] = series
        return series
    }

    /// Parsed CSV bars, kept for the sweeps that follow (see ``BarColumnsCache``).
    public var barsCache: BarColumnsCache {
        BarColumnsCache(root: URL(fileURLWithPath: runsDir).standardizedFileURL.path + "/.cache/bars")
    }

    /// The job's bars: a CSV through `cache` when one is given, or the store.
    public static func load(_ data: BacktestJobData, cache: BarColumnsCache? = nil) throws -> BarSeries {
        if let path = data.bars {
            if let cache { return try cache.series(csv: path) }
            return try BarCSVReader.read(path: path)
        }
        guard let venue = data.venue, let symbol = data.symbol else { throw BacktestJobError.noData }
        let text = data.interval ?? "1m"
        guard let interval = BarInterval(rawValue: text) else { throw BacktestJobError.invalidField("interval", text) }
        return try BarSeries.load(
            store: MarketDataStore(root: data.store ?? MarketDataStore.defaultRoot), venue: venue, symbol: symbol,
            interval: interval)
    }

    public static func sourceText(_ data: BacktestJobData) -> String {
        if let path = data.bars { return path }
        return
            "store:\(data.store ?? MarketDataStore.defaultRoot)/\(data.venue ?? "")/\(data.symbol ?? "")/bars-\(data.interval ?? "1m")"
    }

    public static func dataName(_ data: BacktestJobData) -> String {
        if let path = data.bars { return URL(fileURLWithPath: path).lastPathComponent }
        return "store:\(data.venue ?? "")/\(data.symbol ?? "")/bars-\(data.interval ?? "1m")"
    }
}

/// Why a job cannot run (reported in its result's `error`).
public enum BacktestJobError: Error, CustomStringConvertible {
    /// A setting of the job is not valid; names the field and its text.
    case invalidField(String, String)
    /// The job names neither a bars file nor a store venue and symbol.
    case noData

    public var description: String {
        switch self {
        case .invalidField(let name, let text): "job field \(name) '\(text)' is not valid"
        case .noData: "job data names neither bars nor venue and symbol"
        }
    }
}
