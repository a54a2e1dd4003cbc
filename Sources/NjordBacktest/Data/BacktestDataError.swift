/// Why bars could not be loaded for a backtest. A bad row fails the load: a backtest on silently
/// thinned data would report a wrong result.
public enum BacktestDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The header is not `timestamp,open,high,low,close,volume`.
    case badHeader(path: String, found: String)
    /// A row is malformed: wrong field count, a bad timestamp or decimal, or a value out of range.
    case badRow(path: String, line: Int, reason: String)
    /// A bar's time is not after the previous bar's.
    case outOfOrder(path: String, line: Int)
    /// There are no bars to replay.
    case noBars(source: String)
    /// The store could not be read.
    case store(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .badHeader(let path, let found):
            "\(path): header must be 'timestamp,open,high,low,close,volume', found '\(found)'"
        case .badRow(let path, let line, let reason): "\(path):\(line): \(reason)"
        case .outOfOrder(let path, let line): "\(path):\(line): bar time is not after the previous bar's"
        case .noBars(let source): "\(source): no bars"
        case .store(let reason): "store: \(reason)"
        }
    }
}
