import Foundation

/// A worker's progress on one job, published on `bt.progress` and kept in `njord:bt:running`
/// while the job runs. `fraction` moves in phases: 0 taken, 0.25 data loaded, 0.75 replayed,
/// 1 written (a job on a minute of bars takes milliseconds; a finer grain would cost more than it shows).
public struct BacktestJobProgress: Codable, Equatable, Sendable {
    public var jobId: String
    public var sweepId: String
    /// `running`, `done` (result written), `failed` (result written, with an error) or `skipped`
    /// (a result already existed: a redelivered job).
    public var state: String
    public var fraction: Double
    public var host: String
    public var pid: Int32
    /// Nanoseconds since the epoch.
    public var at: Int64

    public enum CodingKeys: String, CodingKey {
        case jobId = "job_id", sweepId = "sweep_id", state, fraction, host, pid, at
    }

    public init(
        jobId: String, sweepId: String, state: String, fraction: Double, host: String, pid: Int32, at: Int64
    ) {
        self.jobId = jobId
        self.sweepId = sweepId
        self.state = state
        self.fraction = fraction
        self.host = host
        self.pid = pid
        self.at = at
    }

    public func encoded() throws -> [UInt8] { try Array(SweepJSON.encoder.encode(self)) }

    public init(json bytes: [UInt8]) throws { self = try JSONDecoder().decode(Self.self, from: Data(bytes)) }
}
