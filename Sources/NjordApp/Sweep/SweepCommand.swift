public import ArgumentParser
import Foundation
import NjordBacktest
import NjordCore
import NjordServiceKit
import NjordStrategies
import NjordSweep

#if canImport(Glibc)
    import Glibc
#endif

/// `njord sweep`: expands a parameter grid (or a seeded random sample of it), queues one job per
/// parameter set on the Redis stream `bt:jobs`, starts `--workers` detached `njord-worker`s
/// (unless `--no-spawn`: workers already running here or on other machines do the work), shows
/// progress, waits for every job's result and prints them ranked by `--metric`.
public struct SweepCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sweep", abstract: "Run a parameter sweep of backtests in worker processes over Redis.")

    @OptionGroup var spec: SweepSpecOptions
    @OptionGroup var redis: RedisOptions
    @Option(help: "Worker processes to start (default: the number of cores).") var workers: Int?
    @Flag(help: "Start no workers: njord-worker processes already running (here or elsewhere) take the jobs.")
    var noSpawn = false
    @Option(help: "Seconds the started workers wait idle before they exit.") var workerIdleExit: Double = 5
    @Option(help: "A job held this long (ms) by a worker is taken over by another (passed to started workers).")
    var claimIdleMs: Int = 60_000
    @Option(help: "Folder the run folders go in (passed to started workers).") var runsDir: String = "var/backtests"
    @Option(help: "Folder of the started workers' logs.") var logDir: String = "var/log/njord"
    @Option(help: "Sweep id (default: sw-<UTC time>-<pid>); job ids are <sweep id>-<index>.") var sweepId: String?
    @Option(help: "Give up waiting after this many seconds (the jobs stay queued).") var timeout: Double?
    @Option(help: "Rows of the ranked table (all with --json).") var top: Int = 20
    @Flag(help: "Print one JSON object.") var json = false

    public init() {}

    public func validate() throws {
        if let workers, workers <= 0 { throw ValidationError("--workers must be positive") }
        guard claimIdleMs > 0 else { throw ValidationError("--claim-idle-ms must be positive") }
    }

    public func run() throws {
        let metric = try spec.rankingMetric()
        let started = SystemClock()
        let id = sweepId ?? "sw-" + BacktestCommand.defaultRunId()
        // The workers start first: their start-up (≈ 6 ms: exec, Redis, the group) overlaps this
        // command's own (≈ 5 ms: the grid and the strategy's checks, Redis, the progress topic), so
        // they are ready about when the jobs are queued instead of that much later. If nothing gets
        // queued they are stopped again.
        let children =
            noSpawn ? [] : try spawnWorkers(count: workers ?? ProcessInfo.processInfo.activeProcessorCount, sweepId: id)
        var queued = false
        defer { if !queued { for pid in children { kill(pid, SIGTERM) } } }
        let submission = try SweepSubmission(spec: spec, sweepId: id, createdAt: started.now())
        let bus = try redis.bus()
        defer { bus.close() }
        // Each job's last progress message comes after its result is stored, so the count is looked
        // at when a job ends rather than on a fixed beat; the timeout covers a lost message.
        let jobEvents = try bus.subscribe([.topic(Topics.backtestProgress)])
        defer { jobEvents.close() }
        let (jobs, refused, firstRefusal) = (submission.jobs, submission.refused, submission.firstRefusal)
        let index = BacktestJobIndex(bus: bus)
        let startNanos = started.monotonicNanoseconds()
        try submission.enqueue(on: index)
        queued = true
        if refused > 0, !json {
            printError("skipped \(refused) parameter set(s) the strategy refuses, e.g. \(firstRefusal ?? "")")
        }
        if !json {
            printError(
                "sweep \(id): \(jobs.count) jobs queued on \(Topics.backtestJobs)"
                    + (noSpawn ? ", waiting for workers" : ", \(children.count) worker(s) started (logs in \(logDir))"))
        }
        let progress = SweepProgressBar(total: jobs.count, enabled: isatty(2) == 1)
        var done = 0
        var nextShow: UInt64 = 0
        var countMayHaveMoved = true
        while true {
            // Asked only when a job of this sweep reported its end or nothing came for 200 ms (a
            // lost message): a job's other progress messages cannot move the count, and asking on
            // each took CPU, on both ends of the socket, from the workers sharing this machine.
            if countMayHaveMoved { done = try index.doneCount(sweepId: id) }
            if progress.enabled, started.monotonicNanoseconds() >= nextShow {
                nextShow = started.monotonicNanoseconds() + 200_000_000
                let running = (try? index.running().filter { $0.sweepId == id }.count) ?? 0
                progress.show(done: done, running: running, seconds: seconds(since: startNanos, started))
            }
            if done >= jobs.count { break }
            if !children.isEmpty, children.allSatisfy(Self.hasExited) {
                // A last look: the final result may have landed just before the exit.
                if try index.doneCount(sweepId: id) >= jobs.count { break }
                progress.finish()
                throw ValidationError(
                    "every started worker exited with \(jobs.count - done) job(s) unfinished; see \(logDir)")
            }
            if let timeout, seconds(since: startNanos, started) > timeout {
                progress.finish()
                throw ValidationError("timed out after \(timeout) s with \(done)/\(jobs.count) jobs done")
            }
            if let first = jobEvents.next(timeoutMilliseconds: 200) {
                countMayHaveMoved = ([first] + jobEvents.drain()).contains { Self.endsAJob($0, ofSweep: id) }
            } else {
                countMayHaveMoved = true
            }
        }
        progress.show(done: done, running: 0, seconds: seconds(since: startNanos, started))
        progress.finish()
        let elapsed = seconds(since: startNanos, started)
        let results = try index.results(jobIds: jobs.map(\.jobId)).compactMap { $0 }
        let report = SweepReport(
            sweepId: id, metric: metric, results: results, refused: refused, workers: children.count, seconds: elapsed)
        print(json ? report.json() : report.table(top: top))
    }

    private func seconds(since start: UInt64, _ clock: SystemClock) -> Double {
        Double(clock.monotonicNanoseconds() - start) / 1e9
    }

    private func spawnWorkers(count: Int, sweepId: String) throws -> [pid_t] {
        let spawner = WorkerSpawner(
            runsDir: runsDir, idleExitSeconds: workerIdleExit, claimIdleMilliseconds: claimIdleMs, redisURL: redis.url,
            configDir: redis.configDir)
        return try (0..<count).map { n in try spawner.spawn(logPath: "\(logDir)/worker-\(sweepId)-\(n + 1).log") }
    }

    /// Whether the message reports the end of one of the sweep's jobs (any state but `running`);
    /// a message that cannot be read counts as one, so the count is asked rather than missed.
    static func endsAJob(_ message: BusMessage, ofSweep sweepId: String) -> Bool {
        guard let progress = try? BacktestJobProgress(json: message.payload) else { return true }
        return progress.sweepId == sweepId && progress.state != "running"
    }

    /// Reaps the child when it has exited.
    private static func hasExited(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        let answer = waitpid(pid, &status, WNOHANG)
        return answer == pid || answer == -1
    }

    private func printError(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
}
