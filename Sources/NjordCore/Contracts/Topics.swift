/// Every bus topic, stream and state-key name, defined once. Symbols are the venue's uppercase
/// symbol (`BTCUSDT`); service and strategy names are lowercase ids without spaces.
///
/// Topics are at-most-once pub/sub (market data, live views, logs); streams are durable
/// at-least-once order flow; keys hold small state. See docs/CONTRACTS.md for the table.
public enum Topics {
    // MARK: - Market data topics

    /// Trades of one symbol: `md.trade.BTCUSDT`.
    public static func trades(_ symbol: String) -> String { "md.trade.\(symbol)" }
    /// Full book snapshots of one symbol: `md.book.BTCUSDT`.
    public static func book(_ symbol: String) -> String { "md.book.\(symbol)" }
    /// Book deltas of one symbol: `md.delta.BTCUSDT`.
    public static func bookDeltas(_ symbol: String) -> String { "md.delta.\(symbol)" }
    /// Best bid and ask of one symbol: `md.tob.BTCUSDT`.
    public static func topOfBook(_ symbol: String) -> String { "md.tob.\(symbol)" }
    /// Bars of one interval and symbol: `md.bar.1m.BTCUSDT`.
    public static func bars(_ interval: BarInterval, _ symbol: String) -> String {
        "md.bar.\(interval.rawValue).\(symbol)"
    }
    /// The glob pattern matching one market-data kind for every symbol: `md.trade.*`.
    public static func allSymbols(_ kind: EventType) -> String { "\(kind.rawValue).*" }

    // MARK: - Order-flow streams (durable)

    /// Strategies' ``OrderIntent``s (read by the risk engine) and ``OrderCancel``s (read by the executor).
    public static let orderIntents = "orders:intents"
    /// The risk engine's ``RiskDecision``s, read by the executor.
    public static let riskDecisions = "orders:decisions"
    /// ``OrderEvent``s from the executor.
    public static let orderEvents = "orders:events"
    /// ``Fill``s from the executor.
    public static let fills = "orders:fills"
    /// Entries no consumer could process, with the reason, for inspection and replay.
    public static let deadLetters = "deadletter"

    // MARK: - Live-view topics (at-most-once copies for the console)

    public static let flowIntents = "flow.intents"
    public static let flowDecisions = "flow.decisions"
    public static let flowOrderEvents = "flow.events"
    public static let flowFills = "flow.fills"
    /// ``PositionSnapshot``s of one strategy: `position.trend-1`.
    public static func positions(_ strategyId: String) -> String { "position.\(strategyId)" }
    /// ``PnlSnapshot``s of one scope (a strategy id or `portfolio`): `pnl.portfolio`.
    public static func pnl(_ scope: String) -> String { "pnl.\(scope)" }
    /// ``AllocationTargets`` updates.
    public static let allocation = "portfolio.allocation"
    /// ``RebalanceEvent``s.
    public static let rebalances = "portfolio.rebalance"

    // MARK: - Service topics

    /// Structured log lines of one service: `log.md-ingest`.
    public static func log(_ service: String) -> String { "log.\(service)" }
    /// ``Heartbeat``s of one service: `svc.heartbeat.md-ingest`.
    public static func heartbeat(_ service: String) -> String { "svc.heartbeat.\(service)" }
    /// Published whenever the kill switch changes (``KillSwitchStateEvent``).
    public static let killSwitchChanged = "killswitch"
    /// Backtest progress updates.
    public static let backtestProgress = "bt.progress"

    // MARK: - State keys

    /// The current ``KillSwitchStateEvent``, last write wins.
    public static let killSwitchKey = "njord:killswitch"
    /// The latest ``BookSnapshot`` of one symbol: `njord:book:BTCUSDT`.
    public static func latestBookKey(_ symbol: String) -> String { "njord:book:\(symbol)" }
    /// The index of finished backtest results.
    public static let backtestResultsIndexKey = "njord:bt:results"

    // MARK: - Backtest jobs

    /// Sweep jobs (one JSON document each), consumed by `njord-worker`s in the group ``backtestWorkersGroup``.
    public static let backtestJobs = "bt:jobs"
    /// The consumer group every `njord-worker` reads ``backtestJobs`` in.
    public static let backtestWorkersGroup = "workers"
    /// Hash: sweep id → the sweep's description (JSON), written by `njord sweep`.
    public static let backtestSweepsKey = "njord:bt:sweeps"
    /// Hash: sweep id → the number of its jobs that have a result (incremented with the result, atomically).
    public static let backtestSweepDoneKey = "njord:bt:done"
    /// Hash: job id → the latest progress of a job being run (removed when its result is in).
    public static let backtestRunningKey = "njord:bt:running"

    // MARK: - Catalog

    /// What a name is used as.
    public enum Kind: String, Sendable, CaseIterable {
        case topic, stream, key
    }

    /// One name, with placeholders (`<SYMBOL>`, `<INTERVAL>`, `<SERVICE>`, `<STRATEGY>`, `<SCOPE>`)
    /// where it is parameterized; the docs and the uniqueness test read this list.
    public struct Entry: Hashable, Sendable {
        public var name: String
        public var kind: Kind
        /// What the name holds: event types (comma-separated when several share it) or a description.
        public var carries: String

        public init(_ name: String, _ kind: Kind, _ carries: String) {
            self.name = name
            self.kind = kind
            self.carries = carries
        }
    }

    /// Every name above.
    public static let catalog: [Entry] = [
        Entry(trades("<SYMBOL>"), .topic, EventType.trade.rawValue),
        Entry(book("<SYMBOL>"), .topic, EventType.bookSnapshot.rawValue),
        Entry(bookDeltas("<SYMBOL>"), .topic, EventType.bookDelta.rawValue),
        Entry(topOfBook("<SYMBOL>"), .topic, EventType.topOfBook.rawValue),
        Entry("md.bar.<INTERVAL>.<SYMBOL>", .topic, EventType.bar.rawValue),
        Entry(orderIntents, .stream, "\(EventType.orderIntent.rawValue), \(EventType.orderCancel.rawValue)"),
        Entry(riskDecisions, .stream, "\(EventType.riskDecision.rawValue), \(EventType.orderCancel.rawValue)"),
        Entry(orderEvents, .stream, EventType.orderEvent.rawValue),
        Entry(fills, .stream, EventType.fill.rawValue),
        Entry(deadLetters, .stream, "undeliverable entries"),
        Entry(flowIntents, .topic, "\(EventType.orderIntent.rawValue), \(EventType.orderCancel.rawValue)"),
        Entry(flowDecisions, .topic, "\(EventType.riskDecision.rawValue), \(EventType.orderCancel.rawValue)"),
        Entry(flowOrderEvents, .topic, EventType.orderEvent.rawValue),
        Entry(flowFills, .topic, EventType.fill.rawValue),
        Entry(positions("<STRATEGY>"), .topic, EventType.positionSnapshot.rawValue),
        Entry(pnl("<SCOPE>"), .topic, EventType.pnlSnapshot.rawValue),
        Entry(allocation, .topic, EventType.allocationTargets.rawValue),
        Entry(rebalances, .topic, EventType.rebalance.rawValue),
        Entry(log("<SERVICE>"), .topic, "log lines"),
        Entry(heartbeat("<SERVICE>"), .topic, EventType.heartbeat.rawValue),
        Entry(killSwitchChanged, .topic, EventType.killSwitchState.rawValue),
        Entry(backtestProgress, .topic, "backtest progress"),
        Entry(killSwitchKey, .key, EventType.killSwitchState.rawValue),
        Entry(latestBookKey("<SYMBOL>"), .key, EventType.bookSnapshot.rawValue),
        Entry(backtestResultsIndexKey, .key, "backtest results index"),
        // MARK: - Backtest jobs
        Entry(backtestJobs, .stream, "backtest sweep jobs"),
        Entry(backtestSweepsKey, .key, "backtest sweeps"),
        Entry(backtestSweepDoneKey, .key, "finished-job count per sweep"),
        Entry(backtestRunningKey, .key, "progress of running backtest jobs"),
    ]
}
