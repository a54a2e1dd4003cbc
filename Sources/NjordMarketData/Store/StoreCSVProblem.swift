/// One bad CSV row: which file, line (1-based) and field, and why.
public struct StoreCSVProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var field: String
    public var reason: String

    public var description: String { "\(file):\(line): field '\(field)': \(reason)" }
}

/// Why a CSV file could not be imported at all.
public enum StoreImportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(file: String, errno: Int32)
    /// The first line matches none of the known layouts.
    case unknownLayout(file: String, firstLine: String)
    /// The file has no data rows.
    case empty(file: String)
    /// Bad rows were found and `--skip-bad` was not given; `problems` are the first few.
    case badRows(count: Int, problems: [StoreCSVProblem])

    public var description: String {
        switch self {
        case .unreadable(let file, let errno): "\(file): cannot be read (errno \(errno))"
        case .unknownLayout(let file, let line):
            "\(file): unknown CSV layout (first line '\(line.prefix(120))'); expected Binance trades, Binance klines or timestamp,open,high,low,close,volume"
        case .empty(let file): "\(file): no data rows"
        case .badRows(let count, let problems):
            "\(count) bad row(s):\n" + problems.map(\.description).joined(separator: "\n")
        }
    }
}
