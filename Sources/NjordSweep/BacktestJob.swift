public import Foundation

/// One job of a sweep, as queued on `bt:jobs` (docs/CONTRACTS.md, "Backtest jobs"): everything a
/// worker on any machine needs to run one backtest. Money and rates are exact decimal strings.
public struct BacktestJob: Codable, Equatable, Sendable {
    /// `<sweep id>-<index, 4 digits or more>`: unique, and the name of the job's run folder.
    public var jobId: String
    public var sweepId: String
    /// The job's place in the sweep's parameter list (0-based).
    public var index: Int
    public var strategy: String
    public var params: [String: String]
    public var data: BacktestJobData
    public var fee: String
    public var cash: String
    public var fill: String
    public var tick: String
    public var step: String

    public enum CodingKeys: String, CodingKey {
        case jobId = "job_id", sweepId = "sweep_id", index, strategy, params, data, fee, cash, fill, tick, step
    }

    public init(
        sweepId: String, index: Int, strategy: String, params: [String: String], data: BacktestJobData,
        settings: BacktestJobSettings
    ) {
        self.jobId = Self.jobId(sweepId: sweepId, index: index)
        self.sweepId = sweepId
        self.index = index
        self.strategy = strategy
        self.params = params
        self.data = data
        fee = settings.fee
        cash = settings.cash
        fill = settings.fill
        tick = settings.tick
        step = settings.step
    }

    public static func jobId(sweepId: String, index: Int) -> String {
        let digits = String(index)
        return "\(sweepId)-\(String(repeating: "0", count: max(0, 4 - digits.count)))\(digits)"
    }

    /// The job's canonical JSON (keys sorted), as queued.
    public func encoded() throws -> [UInt8] { try Array(SweepJSON.encoder.encode(self)) }

    public init(json bytes: [UInt8]) throws { self = try JSONDecoder().decode(Self.self, from: Data(bytes)) }
}

/// Where a job's bars come from: a CSV path (absolute, so that every worker finds it; workers on
/// other machines need the same path) or the store.
public struct BacktestJobData: Codable, Equatable, Hashable, Sendable {
    public var bars: String?
    public var store: String?
    public var venue: String?
    public var symbol: String?
    public var interval: String?

    /// Every key is written, absent ones as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bars, forKey: .bars)
        try c.encode(store, forKey: .store)
        try c.encode(venue, forKey: .venue)
        try c.encode(symbol, forKey: .symbol)
        try c.encode(interval, forKey: .interval)
    }

    public enum CodingKeys: String, CodingKey { case bars, store, venue, symbol, interval }

    public init(
        bars: String? = nil, store: String? = nil, venue: String? = nil, symbol: String? = nil,
        interval: String? = nil
    ) {
        self.bars = bars
        self.store = store
        self.venue = venue
        self.symbol = symbol
        self.interval = interval
    }
}

/// The account and market settings every job of a sweep shares, as given on the command line.
public struct BacktestJobSettings: Equatable, Sendable {
    public var fee: String
    public var cash: String
    public var fill: String
    public var tick: String
    public var step: String

    public init(fee: String, cash: String, fill: String, tick: String, step: String) {
        self.fee = fee
        self.cash = cash
        self.fill = fill
        self.tick = tick
        self.step = step
    }
}

/// The one JSON encoder of the sweep documents: keys sorted, so equal documents are equal bytes.
public enum SweepJSON {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
