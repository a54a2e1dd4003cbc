import Foundation
public import NjordBacktest
import NjordCore

/// The summary a worker writes into the results index `njord:bt:results` (field: the job id) once
/// a job has run: enough to rank and chart it from any console; the full run stays in `run_dir`
/// on `host`. A job that could not run has `error` set and no metrics.
public struct BacktestJobResult: Codable, Equatable, Sendable {
    public var jobId: String
    public var sweepId: String
    public var index: Int
    public var strategy: String
    public var params: [String: String]
    /// The keys of metrics.json; null when undefined.
    public var metrics: [String: Double?]
    /// Exact decimal.
    public var finalEquity: String?
    public var bars: Int
    public var entries: Int
    public var exits: Int
    /// At most ``maximumEquityPoints`` points of the equity curve, first and last included.
    public var equity: [EquityPoint]
    public var host: String
    public var pid: Int32
    /// Absolute path of the run folder on `host`.
    public var runDir: String?
    public var runSeconds: Double
    /// Nanoseconds since the epoch.
    public var finishedAt: Int64
    public var error: String?

    public struct EquityPoint: Codable, Equatable, Sendable {
        /// Bar open time, nanoseconds since the epoch.
        public var t: Int64
        /// Exact decimal.
        public var equity: String
    }

    public static let maximumEquityPoints = 200

    public enum CodingKeys: String, CodingKey {
        case jobId = "job_id", sweepId = "sweep_id", index, strategy, params, metrics
        case finalEquity = "final_equity", bars, entries, exits, equity, host, pid
        case runDir = "run_dir", runSeconds = "run_seconds", finishedAt = "finished_at", error
    }

    /// Every key is written, absent values as `null` (the contracts' rule for optional fields).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(jobId, forKey: .jobId)
        try c.encode(sweepId, forKey: .sweepId)
        try c.encode(index, forKey: .index)
        try c.encode(strategy, forKey: .strategy)
        try c.encode(params, forKey: .params)
        try c.encode(metrics, forKey: .metrics)
        try c.encode(Optional(finalEquity), forKey: .finalEquity)
        try c.encode(bars, forKey: .bars)
        try c.encode(entries, forKey: .entries)
        try c.encode(exits, forKey: .exits)
        try c.encode(equity, forKey: .equity)
        try c.encode(host, forKey: .host)
        try c.encode(pid, forKey: .pid)
        try c.encode(Optional(runDir), forKey: .runDir)
        try c.encode(runSeconds, forKey: .runSeconds)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(Optional(error), forKey: .error)
    }

    /// A finished run's summary.
    public init(
        job: BacktestJob, result: BacktestResult, analysis: BacktestAnalysis, runDir: String, host: String,
        finishedAt: Int64
    ) {
        self.init(job: job, host: host, finishedAt: finishedAt, error: nil)
        metrics = Dictionary(
            uniqueKeysWithValues: analysis.metrics.keyedValues.map { ($0.key, $0.value.isFinite ? $0.value : nil) })
        finalEquity = result.finalEquity.description
        bars = result.bars
        entries = result.entries
        exits = result.exits
        equity = Self.downsample(analysis.curve)
        self.runDir = runDir
        runSeconds = result.runSeconds
    }

    /// The summary of a job that failed with `error`.
    public init(job: BacktestJob, host: String, finishedAt: Int64, error: String?) {
        jobId = job.jobId
        sweepId = job.sweepId
        index = job.index
        strategy = job.strategy
        params = job.params
        metrics = [:]
        finalEquity = nil
        bars = 0
        entries = 0
        exits = 0
        equity = []
        self.host = host
        pid = getpid()
        runDir = nil
        runSeconds = 0
        self.finishedAt = finishedAt
        self.error = error
    }

    /// Evenly spaced points of the curve (by bar index), the first and the last always among them.
    public static func downsample(_ curve: EquityCurve, points: Int = maximumEquityPoints) -> [EquityPoint] {
        let n = curve.count
        guard n > 0 else { return [] }
        let m = min(points, n)
        if m == 1 { return [EquityPoint(t: curve.times[0], equity: curve.equity[0].description)] }
        return (0..<m).map { k in
            let i = Int((Double(k) * Double(n - 1) / Double(m - 1)).rounded())
            return EquityPoint(t: curve.times[i], equity: curve.equity[i].description)
        }
    }

    /// The metric `name`, nil when absent or undefined.
    public func metric(_ name: String) -> Double? { metrics[name] ?? nil }

    public func encoded() throws -> [UInt8] { try Array(SweepJSON.encoder.encode(self)) }

    public init(json bytes: [UInt8]) throws { self = try JSONDecoder().decode(Self.self, from: Data(bytes)) }
}
