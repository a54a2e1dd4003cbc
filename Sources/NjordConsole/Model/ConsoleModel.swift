public import NjordCore

/// Everything the console shows, as plain values: what the bus said (folded in by
/// ``ConsoleReducer``) and the operator's place in the UI (changed by ``InputHandler``). Views
/// read it and never change it. Every list is a ring buffer or capped, so memory is bounded
/// whatever the message rate.
public struct ConsoleModel: Sendable {
    public static let logCapacity = 1_000
    public static let fillCapacity = 200
    public static let denialCapacity = 200
    public static let rebalanceCapacity = 100
    public static let maxSymbols = 200
    public static let maxServices = 100
    public static let maxBacktestJobs = 100

    /// Bumped by every change; the runtime redraws only when it moved.
    public internal(set) var revision: UInt64 = 0
    /// The console's clock, advanced by ``ConsoleReducer/tick(_:at:)``; ages are measured against it.
    public internal(set) var now: Timestamp
    /// `console:<user>@<host>`: who trips the kill switch from here.
    public var identity: String

    // MARK: What the bus said

    public var bus = BusLinkState()
    public var markets: [String: MarketState] = [:]
    /// Symbols in display order (alphabetical).
    public var symbols: [String] = []
    public var services: [String: ServiceHealth] = [:]
    /// nil until the key or the topic was read.
    public var killSwitch: KillSwitchStateEvent?
    public var positions: [String: PositionSnapshot] = [:]
    public var pnl: [String: PnlSnapshot] = [:]
    public var orders = OrderTracker()
    public var fills = RingBuffer<FillRow>(capacity: fillCapacity)
    public var denials = RingBuffer<DenialRow>(capacity: denialCapacity)
    /// The risk engine's limit use and rate-guard levels, from its latest heartbeat.
    public var riskLevels: RiskLevels?
    public var allocation: AllocationTargets?
    public var allocationAt: Timestamp?
    public var rebalances = RingBuffer<RebalanceRow>(capacity: rebalanceCapacity)
    public var backtestJobs: [String: BacktestJobRow] = [:]
    /// The results index, the launch form and the jobs launched from here (through a ``BacktestLibrary``).
    public var backtests = BacktestBrowser()
    /// The strategy kinds the launch form offers (from the library; empty without one).
    public var backtestStrategies: [String] = []
    public var logs = RingBuffer<LogRow>(capacity: logCapacity)
    /// The latest service records (bus and file), against which a record arriving by the other
    /// way is recognised as the same one (``ConsoleReducer/isDuplicate(_:in:)``).
    var recentServiceLogs = RingBuffer<LogRow>(capacity: ConsoleReducer.duplicateWindowRows)
    /// Log file lines that were not a log record (shown as such on the Logs screen).
    public var malformedLogLines = 0
    /// Records seen both on `log.*` and in a log file, shown once.
    public var duplicateLogLines = 0
    /// Messages that did not decode: counted, the last reason kept, never fatal.
    public var malformed = 0
    public var lastMalformed: String?
    public var messages = 0

    // MARK: The operator's place

    public var screen: ConsoleScreenID = .overview
    public var selectedSymbol = 0
    /// The first row shown (or the selected row) of each screen's list.
    public var scroll: [ConsoleScreenID: Int] = [:]
    /// The `/` filter: rows whose text contains it (case-insensitive) are shown.
    public var filter = ""
    public var editingFilter = false
    public var minimumLogLevel: LogLevel = .flow
    public var dialog: ConsoleDialog?
    public var helpVisible = false
    /// A one-line result of the last action (trip, reset), shown in the footer.
    public var notice: String?
    public var problems: [String] = []

    public init(identity: String, now: Timestamp) {
        self.identity = identity
        self.now = now
    }

    mutating func touch() { revision &+= 1 }

    /// The symbol the Book screen shows, when any.
    public var currentSymbol: String? {
        let shown = visibleSymbols
        guard !shown.isEmpty else { return nil }
        return shown[min(max(0, selectedSymbol), shown.count - 1)]
    }

    /// Symbols passing the filter.
    public var visibleSymbols: [String] { symbols.filter { matchesFilter($0) } }

    public func matchesFilter(_ text: String) -> Bool {
        filter.isEmpty || text.lowercased().contains(filter.lowercased())
    }

    public var isTripped: Bool { killSwitch?.tripped == true }
}
