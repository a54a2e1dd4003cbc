import ArgumentParser
import Foundation
import NjordBacktest
import NjordConsole
import NjordCore
import NjordMarketData
import NjordRedis
import NjordSweep

/// The console's ``BacktestLibrary`` over Redis, so the Backtests screen works from any machine:
/// results from the results index `njord:bt:results` (cached by job id: a stored result never
/// changes, so a poll fetches only the new ones), running jobs from `njord:bt:running`, worker
/// presence from the workers' heartbeat key (``WorkerPresence``). A launch builds `njord sweep`'s
/// options from the form and queues the jobs exactly as `njord sweep` does (``SweepSubmission``);
/// when no worker is alive it starts a detached `njord-worker` (``WorkerSpawner``), which
/// outlives the console and the SSH session and leaves after its idle time. Launched jobs still
/// without a result and no worker alive (one exited just as the jobs came) get a new worker at the
/// next poll, at most one per ``respawnIntervalNanoseconds``.
final class RedisBacktestLibrary: BacktestLibrary {
    /// A poll re-lists every job id at least this often even when the count did not move (a
    /// result deleted and another stored in between).
    static let rescanIntervalNanoseconds: UInt64 = 5_000_000_000
    static let respawnIntervalNanoseconds: UInt64 = 15_000_000_000
    /// Results read (and decoded) per poll at most: ~12 kB each, so a poll stays short.
    static let fetchPerPoll = 250

    private let bus: () -> RedisBus?
    private let spawner: WorkerSpawner
    private let logDir: String
    private let storeRoot: String
    private let clock: any Clock
    private var results: [String: BacktestJobResult] = [:]
    private var summaries: [String: BacktestRunSummary] = [:]
    /// `summaries` by job id, rebuilt only when a rescan changed them, so equal polls are equal snapshots.
    private var listed: [BacktestRunSummary] = []
    private var undecodable: Set<String> = []
    private var scannedAt: UInt64?
    /// Job ids of launches from here that have no result yet.
    private var waiting: Set<String> = []
    private var spawnedAt: UInt64?
    /// Workers started here that have not been seen to exit: reaped at each poll, so none stays a zombie.
    private var spawned: [Int32] = []
    private var launches = 0

    /// - Parameters:
    ///   - bus: the connected bus, or nil while there is none (the console's link's bus).
    ///   - spawner: how a worker is started when none is alive.
    ///   - logDir: where a started worker's log goes (`worker-<sweep id>.log`).
    ///   - storeRoot: the market-data store a `venue:SYMBOL` source reads.
    init(
        bus: @escaping () -> RedisBus?, spawner: WorkerSpawner, logDir: String,
        storeRoot: String = MarketDataStore.defaultRoot, clock: any Clock = SystemClock()
    ) {
        self.bus = bus
        self.spawner = spawner
        self.logDir = URL(fileURLWithPath: logDir).standardizedFileURL.path
        self.storeRoot = storeRoot
        self.clock = clock
    }

    var strategyKinds: [String] { BacktestRunner.strategyNames }

    func poll() throws -> BacktestLibrarySnapshot {
        spawned = spawned.filter { DetachedProcess.isRunning(pid: $0) }
        let bus = try connected()
        let index = BacktestJobIndex(bus: bus)
        let monotonic = clock.monotonicNanoseconds()
        let count = try index.resultCount()
        let due = scannedAt.map { monotonic &- $0 >= Self.rescanIntervalNanoseconds } ?? true
        if due || count != results.count + undecodable.count {
            try rescan(index)
            scannedAt = monotonic
        }
        let running = try index.running().map(Self.row).sorted { $0.job < $1.job }
        let alive = WorkerPresence.isAlive(keyValue: try bus.value(forKey: WorkerPresence.key), now: clock.now())
        waiting = waiting.filter { results[$0] == nil && !undecodable.contains($0) }
        var notice: String?
        if !waiting.isEmpty, !alive, spawnedAt.map({ monotonic &- $0 >= Self.respawnIntervalNanoseconds }) ?? true {
            do {
                let (pid, log) = try spawnWorker(name: "console-\(getpid())")
                notice =
                    "no worker was alive for \(waiting.count) queued job(s): started njord-worker pid \(pid), log \(log)"
            } catch {
                notice = "no worker is alive for \(waiting.count) queued job(s) and none could be started: \(error)"
            }
        }
        return BacktestLibrarySnapshot(
            results: listed, running: running, workerAlive: alive, undecodable: undecodable.count,
            notice: notice)
    }

    func detail(of id: String) -> BacktestRunDetail? {
        guard let result = results[id], let summary = summaries[id] else { return nil }
        return BacktestRunDetail(summary: summary, equity: result.equity.compactMap { Double($0.equity) })
    }

    func launch(_ request: BacktestLaunchRequest) throws -> LaunchedBacktest {
        launches += 1
        let prefix = request.mode == .sweep ? "sw" : "bt"
        let id = "\(prefix)-\(BacktestCommand.defaultRunId())-\(launches)"
        let submission: SweepSubmission
        do {
            let spec = try SweepSpecOptions.parse(Self.sweepArguments(request, storeRoot: storeRoot))
            submission = try SweepSubmission(spec: spec, sweepId: id, createdAt: clock.now())
        } catch {
            throw BacktestLibraryProblem.refused(SweepSpecOptions.message(for: error))
        }
        if request.mode == .backtest, submission.jobs.count != 1 {
            throw BacktestLibraryProblem.refused(
                "a backtest runs one parameter set, not \(submission.jobs.count): use sweep")
        }
        let bus = try connected()
        try submission.enqueue(on: BacktestJobIndex(bus: bus))
        let jobIds = submission.jobs.map(\.jobId)
        waiting.formUnion(jobIds)
        var description = request.summary
        if submission.refused > 0 { description += " (\(submission.refused) grid point(s) refused)" }
        var pid: Int32?
        var log: String?
        if !WorkerPresence.isAlive(keyValue: try? bus.value(forKey: WorkerPresence.key), now: clock.now()) {
            // The jobs are queued either way: a worker started later (or elsewhere) runs them.
            do { (pid, log) = try spawnWorker(name: id) } catch { description += " — no worker started: \(error)" }
        }
        return LaunchedBacktest(
            id: id, mode: request.mode, jobIds: jobIds, description: description, workerPid: pid, workerLog: log)
    }

    /// `njord sweep`'s spec options for the request: the grid is the form's parameters.
    static func sweepArguments(_ request: BacktestLaunchRequest, storeRoot: String) -> [String] {
        var out = ["--strategy", request.strategy, "--grid", request.params, "--fee", request.fee]
        switch request.source {
        case .barsFile(let path): out += ["--bars", path]
        case .store(let venue, let symbol): out += ["--store", storeRoot, "--venue", venue, "--symbol", symbol]
        }
        return out
    }

    /// A result as the browser lists it.
    static func summary(_ result: BacktestJobResult) -> BacktestRunSummary {
        BacktestRunSummary(
            id: result.jobId, sweepId: result.sweepId, path: result.runDir ?? "", host: result.host,
            strategy: result.strategy,
            params: result.params.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
            finishedAt: Timestamp(nanosecondsSinceEpoch: result.finishedAt).iso8601,
            metrics: result.metrics.compactMapValues { $0 }, error: result.error)
    }

    /// A running-jobs entry as the job list shows it.
    static func row(_ progress: BacktestJobProgress) -> BacktestJobRow {
        BacktestJobRow(
            job: progress.jobId, fraction: progress.fraction, status: progress.state,
            detail: "\(progress.host) pid \(progress.pid)", updatedAt: Timestamp(nanosecondsSinceEpoch: progress.at))
    }

    private func connected() throws -> RedisBus {
        guard let bus = bus() else { throw BacktestLibraryProblem.notConnected }
        return bus
    }

    /// Lists the job ids; drops results no longer there, fetches the new ones.
    private func rescan(_ index: BacktestJobIndex) throws {
        let ids = Set(try index.resultIds())
        let before = summaries.count
        results = results.filter { ids.contains($0.key) }
        summaries = summaries.filter { ids.contains($0.key) }
        undecodable = undecodable.intersection(ids)
        // The newest ids first (they hold the launch time), a bounded number per poll: a big index
        // fills the list over a few polls instead of holding the UI for one long read.
        let missing = Array(
            ids.filter { results[$0] == nil && !undecodable.contains($0) }.sorted(by: >).prefix(Self.fetchPerPoll))
        defer {
            if summaries.count != before || !missing.isEmpty {
                listed = summaries.keys.sorted().compactMap { summaries[$0] }
            }
        }
        for (id, document) in zip(missing, try index.resultDocuments(jobIds: missing)) {
            guard let document else { continue }
            if let result = try? BacktestJobResult(json: document) {
                results[id] = result
                summaries[id] = Self.summary(result)
            } else {
                undecodable.insert(id)
            }
        }
    }

    /// Counts as an attempt even when it fails, so a missing executable is not retried every poll.
    private func spawnWorker(name: String) throws -> (Int32, String) {
        spawnedAt = clock.monotonicNanoseconds()
        let log = "\(logDir)/worker-\(name).log"
        let pid = try spawner.spawn(logPath: log)
        spawned.append(pid)
        return (pid, log)
    }
}

/// Why the console's backtest library cannot poll or launch.
enum BacktestLibraryProblem: Error, CustomStringConvertible {
    /// The console has no connection to Redis (yet, or any more).
    case notConnected
    /// The form's request is not a valid sweep: the reason as `njord sweep` gives it.
    case refused(String)

    var description: String {
        switch self {
        case .notConnected: "not connected to Redis"
        case .refused(let reason): reason
        }
    }
}
