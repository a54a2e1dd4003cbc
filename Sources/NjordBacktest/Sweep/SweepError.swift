/// Why a sweep or walk-forward specification cannot be used.
public enum SweepError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A grid dimension is not `name=start:stop:step` or `name=value`.
    case malformedDimension(String)
    /// A dimension's start, stop or step is not an exact decimal, or the step is not positive.
    case invalidRange(name: String, reason: String)
    /// The same parameter name appears twice in the grid.
    case duplicateParameter(String)
    /// The grid has no dimension.
    case emptyGrid
    /// The grid expands to more parameter sets than a sweep queues (use random search).
    case tooManyCombinations(count: Int, limit: Int)
    /// A metric name that `BacktestMetrics` does not have.
    case unknownMetric(String)
    /// Walk-forward window lengths must be positive.
    case invalidWindow(String)
    /// The data is too short for one in-sample plus one out-of-sample window.
    case noWindows(String)

    public var description: String {
        switch self {
        case .malformedDimension(let text): "grid dimension '\(text)': expected name=start:stop:step or name=value"
        case .invalidRange(let name, let reason): "grid dimension '\(name)': \(reason)"
        case .duplicateParameter(let name): "grid parameter '\(name)' is given twice"
        case .emptyGrid: "the grid has no parameter"
        case .tooManyCombinations(let count, let limit):
            "the grid expands to \(count) parameter sets, more than \(limit); use --random N"
        case .unknownMetric(let name):
            "unknown metric '\(name)' (one of \(SweepMetric.names.joined(separator: ", ")))"
        case .invalidWindow(let reason): "walk-forward: \(reason)"
        case .noWindows(let reason): "walk-forward: \(reason)"
        }
    }
}
