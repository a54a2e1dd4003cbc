/// The Backtests screen's state: the results of the index, their sort, the selected row, an open
/// detail view, the launch form when open, and the backtests and sweeps this console launched.
public struct BacktestBrowser: Hashable, Sendable {
    /// The sort keys `s` cycles through: finish time, then metrics (best first).
    public static let sortKeys = ["finished", "total_return", "sharpe", "max_drawdown", "win_rate", "trades"]
    /// Jobs this console keeps in its list.
    public static let maxJobs = 50

    /// The results index; nil until the library was first read.
    public var runs: [BacktestRunSummary]?
    /// Why the library could not be read last time (nil when it was).
    public var problem: String?
    /// Whether a worker's heartbeat was fresh at the last read; nil before it.
    public var workerAlive: Bool?
    /// Index entries that did not decode.
    public var undecodable = 0
    public var sortKey = sortKeys[0]
    public var selected = 0
    public var detail: BacktestRunDetail?
    public var form: BacktestLaunchForm?
    public var jobs: [LaunchedBacktest] = []

    public init() {}

    /// How many launches from here still have jobs without a result.
    public var runningJobs: Int { jobs.count { $0.running } }

    /// The runs in display order for the current sort key; runs without the metric go last, ties by id.
    public static func sorted(_ runs: [BacktestRunSummary], by key: String) -> [BacktestRunSummary] {
        if key == "finished" {
            return runs.sorted { ($0.finishedAt, $0.id) > ($1.finishedAt, $1.id) }
        }
        // Drawdown is stored as a negative fraction or a positive magnitude; either way less is better.
        let lowerIsBetter = key == "max_drawdown"
        return runs.sorted { a, b in
            switch (a.metrics[key], b.metrics[key]) {
            case (let x?, let y?):
                if x != y { return lowerIsBetter ? abs(x) < abs(y) : x > y }
                return a.id < b.id
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.id < b.id
            }
        }
    }

    public mutating func cycleSort() {
        let index = Self.sortKeys.firstIndex(of: sortKey) ?? 0
        sortKey = Self.sortKeys[(index + 1) % Self.sortKeys.count]
        selected = 0
    }
}
