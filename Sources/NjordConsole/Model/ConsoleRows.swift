public import NjordCore

// The rows of the console's lists: small values the reducer appends to ring buffers.

/// A fill as the Positions screen lists it.
public struct FillRow: Hashable, Sendable {
    public var at: Timestamp
    public var fill: Fill
}

/// A risk denial with its reasons.
public struct DenialRow: Hashable, Sendable {
    public var at: Timestamp
    public var strategyId: String
    public var clientOrderId: String
    /// `rule: detail` of every failed rule, joined by `; `.
    public var reasons: String
}

/// A rebalance as it happened.
public struct RebalanceRow: Hashable, Sendable {
    public var at: Timestamp
    public var event: RebalanceEvent
}

/// A log level on the Logs screen: the services' levels plus `flow` for order-flow events.
public enum LogLevel: Int, Comparable, CaseIterable, Hashable, Sendable {
    case flow = 0, info, warning, error, critical

    public init(name: String) {
        switch name.lowercased() {
        case "warning", "warn": self = .warning
        case "error": self = .error
        case "critical", "fatal": self = .critical
        default: self = .info
        }
    }

    public var label: String {
        switch self {
        case .flow: "flow"
        case .info: "info"
        case .warning: "warn"
        case .error: "error"
        case .critical: "crit"
        }
    }

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
}

/// Where a line of the Logs screen came from.
public enum LogOrigin: Hashable, Sendable {
    /// A `log.<service>` message on the bus (warnings and above).
    case bus
    /// A line of `<log dir>/<service>.ndjson` on this machine (every level the service logs).
    case file
    /// Written by the console itself: order flow, the link, the kill switch.
    case console
}

/// One line of the Logs screen.
public struct LogRow: Hashable, Sendable {
    public var at: Timestamp
    public var level: LogLevel
    public var service: String
    public var message: String
    public var origin: LogOrigin = .console
}

/// A backtest job as its `bt.progress` messages (or the running-jobs hash) show it.
public struct BacktestJobRow: Hashable, Sendable {
    public var job: String
    /// 0…1 when known.
    public var fraction: Double?
    public var status: String
    public var detail: String
    public var updatedAt: Timestamp

    public init(job: String, fraction: Double?, status: String, detail: String, updatedAt: Timestamp) {
        self.job = job
        self.fraction = fraction
        self.status = status
        self.detail = detail
        self.updatedAt = updatedAt
    }
}
