/// Where the console's Backtests screen reads run folders and launches runs. Injected by the app
/// (NjordApp reads `var/backtests` and spawns `njord backtest` detached), so the console itself
/// never touches files or processes and tests can hand it a fake.
public protocol BacktestLibrary: AnyObject {
    /// The strategy kinds the launch form offers (the registry's, sorted).
    var strategyKinds: [String] { get }
    /// The run folders, newest first.
    func listRuns() -> [BacktestRunSummary]
    /// One run's metrics and its equity curve (at most `points` values, downsampled evenly).
    func detail(of runId: String, points: Int) -> BacktestRunDetail?
    /// Starts a run in a detached process that outlives the console.
    func launch(_ request: BacktestLaunchRequest) throws -> LaunchedBacktest
    /// Whether the process `pid` still runs.
    func isRunning(pid: Int32) -> Bool
}

/// A run folder as the results browser lists it.
public struct BacktestRunSummary: Hashable, Sendable {
    public var id: String
    /// Absolute path of the run folder.
    public var path: String
    public var strategy: String
    /// The bars file or store range the run read.
    public var data: String
    /// `name=value,…`.
    public var params: String
    /// ISO 8601 UTC; empty when run.json is missing (a run still going or one that failed).
    public var finishedAt: String
    /// metrics.json's numbers (undefined metrics absent).
    public var metrics: [String: Double]

    public init(
        id: String, path: String, strategy: String, data: String, params: String, finishedAt: String,
        metrics: [String: Double]
    ) {
        self.id = id
        self.path = path
        self.strategy = strategy
        self.data = data
        self.params = params
        self.finishedAt = finishedAt
        self.metrics = metrics
    }

    public var reportPath: String { path + "/report.html" }
}

/// A run opened in the detail view.
public struct BacktestRunDetail: Hashable, Sendable {
    public var summary: BacktestRunSummary
    /// equity.csv's equity values, downsampled.
    public var equity: [Double]

    public init(summary: BacktestRunSummary, equity: [Double]) {
        self.summary = summary
        self.equity = equity
    }
}

/// A run this console launched: its process and where it writes.
public struct LaunchedBacktest: Hashable, Sendable {
    public var runId: String
    public var pid: Int32
    public var logPath: String
    public var description: String
    public var running: Bool

    public init(runId: String, pid: Int32, logPath: String, description: String, running: Bool = true) {
        self.runId = runId
        self.pid = pid
        self.logPath = logPath
        self.description = description
        self.running = running
    }
}
