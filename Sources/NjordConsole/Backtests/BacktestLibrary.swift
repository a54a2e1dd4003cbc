/// Where the console's Backtests screen gets its results and running jobs and sends its launches.
/// Injected by the app (NjordApp's `RedisBacktestLibrary` reads the results index in Redis and
/// queues jobs for `njord-worker`s), so the console itself never talks to Redis or spawns a
/// process, and tests hand it a fake. Every call is a few Redis round trips at most; the runtime
/// polls at most ``ConsoleRuntime/libraryIntervalNanoseconds`` apart.
public protocol BacktestLibrary: AnyObject {
    /// The strategy kinds the launch form offers (the registry's, sorted).
    var strategyKinds: [String] { get }
    /// One look at the results index, the running jobs and the workers; throws why it cannot look.
    func poll() throws -> BacktestLibrarySnapshot
    /// A result's metrics and downsampled equity curve, as the last poll read it; nil when unknown.
    func detail(of id: String) -> BacktestRunDetail?
    /// Queues the request's jobs for the workers and starts a detached worker when none is alive;
    /// throws why the request cannot run (bad grid, missing data, Redis away).
    func launch(_ request: BacktestLaunchRequest) throws -> LaunchedBacktest
}

/// What one ``BacktestLibrary/poll()`` saw.
public struct BacktestLibrarySnapshot: Hashable, Sendable {
    /// Every result in the index.
    public var results: [BacktestRunSummary]
    /// The jobs workers run now (the running-jobs hash), so a reopened console shows them.
    public var running: [BacktestJobRow]
    /// Whether a worker's heartbeat is fresh.
    public var workerAlive: Bool
    /// Index entries that do not decode (counted, never fatal).
    public var undecodable: Int
    /// Something the library did by itself during the poll (started a worker), for the footer.
    public var notice: String?

    public init(
        results: [BacktestRunSummary], running: [BacktestJobRow], workerAlive: Bool, undecodable: Int = 0,
        notice: String? = nil
    ) {
        self.results = results
        self.running = running
        self.workerAlive = workerAlive
        self.undecodable = undecodable
        self.notice = notice
    }
}

/// A result of the index as the results browser lists it.
public struct BacktestRunSummary: Hashable, Sendable {
    /// The job id.
    public var id: String
    public var sweepId: String
    /// Absolute path of the run folder on `host`; empty when the job could not run.
    public var path: String
    /// The worker's machine.
    public var host: String
    public var strategy: String
    /// `name=value,…`.
    public var params: String
    /// ISO 8601 UTC.
    public var finishedAt: String
    /// The index's metrics (undefined ones absent).
    public var metrics: [String: Double]
    /// Why the job could not run; nil for a finished run.
    public var error: String?

    public init(
        id: String, sweepId: String, path: String, host: String, strategy: String, params: String, finishedAt: String,
        metrics: [String: Double], error: String? = nil
    ) {
        self.id = id
        self.sweepId = sweepId
        self.path = path
        self.host = host
        self.strategy = strategy
        self.params = params
        self.finishedAt = finishedAt
        self.metrics = metrics
        self.error = error
    }

    /// `host:/path/report.html`, where the report can be fetched from; `—` without a run folder.
    public var reportLocation: String {
        guard !path.isEmpty else { return "—" }
        return host.isEmpty ? path + "/report.html" : "\(host):\(path)/report.html"
    }
}

/// A result opened in the detail view.
public struct BacktestRunDetail: Hashable, Sendable {
    public var summary: BacktestRunSummary
    /// The index's downsampled equity curve (at most 200 points).
    public var equity: [Double]

    public init(summary: BacktestRunSummary, equity: [Double]) {
        self.summary = summary
        self.equity = equity
    }
}

/// A backtest or sweep this console launched: its jobs and, when none was alive, the worker it started.
public struct LaunchedBacktest: Hashable, Sendable {
    /// The sweep id (job ids are `<id>-<index>`).
    public var id: String
    public var mode: BacktestLaunchMode
    public var jobIds: [String]
    public var description: String
    /// The detached worker started for it, and its log.
    public var workerPid: Int32?
    public var workerLog: String?
    /// Jobs with a result in the index.
    public var finished: Int

    public init(
        id: String, mode: BacktestLaunchMode, jobIds: [String], description: String, workerPid: Int32? = nil,
        workerLog: String? = nil, finished: Int = 0
    ) {
        self.id = id
        self.mode = mode
        self.jobIds = jobIds
        self.description = description
        self.workerPid = workerPid
        self.workerLog = workerLog
        self.finished = finished
    }

    /// Some of its jobs have no result yet.
    public var running: Bool { finished < jobIds.count }
}
