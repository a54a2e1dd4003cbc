public import NjordCore
public import NjordRedis

/// The sweep's state in Redis (names in `Topics`, formats in docs/CONTRACTS.md): the job stream,
/// the results index (a hash, job id → result JSON), the per-sweep finished counts, the running
/// jobs and the sweeps' descriptions. The only writer of a result is ``putResult(_:)``, which
/// stores the first result of a job id and ignores any later one, so a job run twice (a worker
/// thought dead that was only slow) still has exactly one result.
public struct BacktestJobIndex {
    public let bus: RedisBus

    public init(bus: RedisBus) { self.bus = bus }

    /// Stores the result and counts it for its sweep in one atomic step, only when the job has none.
    public static let putResultScript = """
        if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
          redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
          redis.call('HDEL', KEYS[3], ARGV[1])
          return 1
        end
        redis.call('HDEL', KEYS[3], ARGV[1])
        return 0
        """

    public func createGroup() throws(BusError) {
        try bus.createGroup(Topics.backtestWorkersGroup, on: Topics.backtestJobs)
    }

    /// Describes a sweep, then queues its jobs (one pipelined write).
    public func enqueue(sweepId: String, description: String, jobs: [BacktestJob]) throws {
        try createGroup()
        _ = try bus.command(["HSET", Topics.backtestSweepsKey, sweepId, description])
        try bus.append(contentsOf: jobs.map { try $0.encoded() }, to: Topics.backtestJobs)
    }

    /// How many times the group has delivered the pending entry (claims included); 0 when not pending.
    public func deliveries(of id: StreamEntryID) throws(BusError) -> Int {
        let reply = try bus.command([
            "XPENDING", Topics.backtestJobs, Topics.backtestWorkersGroup, id.description, id.description, "1",
        ])
        guard let entry = reply.array?.first?.array, entry.count >= 4, let count = entry[3].integer else { return 0 }
        return Int(count)
    }

    public func hasResult(jobId: String) throws(BusError) -> Bool {
        try bus.command(["HEXISTS", Topics.backtestResultsIndexKey, jobId]).integer == 1
    }

    /// True when this call stored the result; false when the job already had one.
    @discardableResult
    public func putResult(_ result: BacktestJobResult) throws -> Bool {
        let json = String(decoding: try result.encoded(), as: UTF8.self)
        let reply = try bus.command([
            "EVAL", Self.putResultScript, "3", Topics.backtestResultsIndexKey, Topics.backtestSweepDoneKey,
            Topics.backtestRunningKey, result.jobId, json, result.sweepId,
        ])
        if case .error(let text) = reply { throw BusError.rejected(text) }
        return reply.integer == 1
    }

    public func setRunning(_ progress: BacktestJobProgress) throws {
        let json = String(decoding: try progress.encoded(), as: UTF8.self)
        _ = try bus.command(["HSET", Topics.backtestRunningKey, progress.jobId, json])
    }

    /// The jobs of the sweep that have a result.
    public func doneCount(sweepId: String) throws(BusError) -> Int {
        let reply = try bus.command(["HGET", Topics.backtestSweepDoneKey, sweepId])
        return reply.string.flatMap { Int($0) } ?? 0
    }

    /// The progress of every job being run now (by any sweep).
    public func running() throws(BusError) -> [BacktestJobProgress] {
        let pairs = try bus.command(["HGETALL", Topics.backtestRunningKey]).array ?? []
        return stride(from: 1, to: pairs.count, by: 2).compactMap { i in
            pairs[i].bytes.flatMap { try? BacktestJobProgress(json: $0) }
        }
    }

    /// How many results the index holds (`HLEN`).
    public func resultCount() throws(BusError) -> Int {
        Int(try bus.command(["HLEN", Topics.backtestResultsIndexKey]).integer ?? 0)
    }

    /// The job ids that have a result (`HKEYS`).
    public func resultIds() throws(BusError) -> [String] {
        (try bus.command(["HKEYS", Topics.backtestResultsIndexKey]).array ?? []).compactMap(\.string)
    }

    /// The results of `jobIds`, in order; nil where a job has none yet.
    public func results(jobIds: [String]) throws -> [BacktestJobResult?] {
        try resultDocuments(jobIds: jobIds).map { document in try document.map { try BacktestJobResult(json: $0) } }
    }

    /// The stored result documents of `jobIds`, in order, undecoded (`HMGET` in chunks of 500).
    public func resultDocuments(jobIds: [String]) throws(BusError) -> [[UInt8]?] {
        var out: [[UInt8]?] = []
        out.reserveCapacity(jobIds.count)
        var start = 0
        while start < jobIds.count {
            let chunk = Array(jobIds[start..<min(start + 500, jobIds.count)])
            let reply = try bus.command(["HMGET", Topics.backtestResultsIndexKey] + chunk)
            out += (reply.array ?? []).map(\.bytes)
            start += chunk.count
        }
        return out
    }
}
