/// The console's screens, in the order of their number keys.
public enum ConsoleScreenID: Int, CaseIterable, Hashable, Sendable {
    case overview = 1, book, positions, risk, portfolio, backtests, logs

    public var title: String {
        switch self {
        case .overview: "Overview"
        case .book: "Book"
        case .positions: "Positions"
        case .risk: "Risk"
        case .portfolio: "Portfolio"
        case .backtests: "Backtests"
        case .logs: "Logs"
        }
    }

    public var next: ConsoleScreenID { ConsoleScreenID(rawValue: rawValue % 7 + 1)! }
    public var previous: ConsoleScreenID { ConsoleScreenID(rawValue: (rawValue + 5) % 7 + 1)! }
}
