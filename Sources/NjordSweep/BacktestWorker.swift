public import Foundation
import NjordCore
public import NjordRedis
import NjordServiceKit

/// The loop of `njord-worker`: takes one job at a time from `bt:jobs` in the group `workers`,
/// first any job another worker left pending for `claimIdleMilliseconds` (it died), else a new
/// one; skips a job that already has a result; runs it; stores the result (first one wins);
/// acknowledges. A worker holds at most one unacknowledged job, so a crash loses at most one
/// job's work, and that job is taken over by the next worker to look.
public final class BacktestWorker {
    public struct Counters: Equatable {
        var ran = 0
        var failed = 0
        var skipped = 0
        var claimed = 0
        var undecodable = 0
    }

    public let bus: RedisBus
    public let index: BacktestJobIndex
    public let runner: BacktestJobRunner
    public let consumer: String
    public let claimIdleMilliseconds: Int
    /// A job taken over after this many deliveries is failed instead of run: it likely crashed
    /// every worker that ran it (a poison job must not take the whole fleet down in turn).
    public let maximumDeliveries: Int
    /// Exit after this long with nothing to do and nothing pending in the group; nil: never.
    public let idleExitSeconds: Double?
    public let pollMilliseconds: Int
    /// How long a job runs before its middle phases (data loaded, replayed) are published: on a job
    /// of a few ms they would move no progress bar, and each is a round trip and a wake-up on the
    /// sweep's machine, taken from the jobs.
    public let phaseReportNanoseconds: UInt64
    public let log: (String) -> Void
    private(set) var counters = Counters() {
        didSet { board.publish(counters) }
    }
    /// The counters as the heartbeat thread reads them.
    public let board = WorkerCounterBoard()
    private var groupReady = false

    public init(
        bus: RedisBus, runsDir: String, consumer: String, claimIdleMilliseconds: Int, idleExitSeconds: Double?,
        maximumDeliveries: Int = 3, pollMilliseconds: Int = 500, phaseReportNanoseconds: UInt64 = 100_000_000,
        log: @escaping (String) -> Void
    ) {
        self.bus = bus
        index = BacktestJobIndex(bus: bus)
        runner = BacktestJobRunner(runsDir: runsDir, host: HostName.current)
        self.consumer = consumer
        self.claimIdleMilliseconds = claimIdleMilliseconds
        self.maximumDeliveries = maximumDeliveries
        self.idleExitSeconds = idleExitSeconds
        self.pollMilliseconds = pollMilliseconds
        self.phaseReportNanoseconds = phaseReportNanoseconds
        self.log = log
    }

    /// Runs until `shouldStop` answers true or the idle exit comes. A lost connection is logged
    /// and retried (the bus reconnects by itself; a job whose result could not be stored stays
    /// pending and is taken over); refused credentials or a closed bus end the loop.
    public func run(shouldStop: () -> Bool) throws {
        let clock = SystemClock()
        var lastWork = clock.monotonicNanoseconds()
        var failures = 0
        while !shouldStop() {
            do {
                if try step(lastWork: &lastWork, clock: clock) { return }
                failures = 0
            } catch let error as BusError {
                switch error {
                case .closed, .unauthorized, .invalidName: throw error
                case .disconnected, .rejected, .timeout:
                    if let idleExitSeconds, Double(clock.monotonicNanoseconds() - lastWork) / 1e9 >= idleExitSeconds {
                        log("bus error (\(error)) and idle for \(idleExitSeconds) s: exiting")
                        return
                    }
                    failures += 1
                    log("bus error (\(error)); retrying")
                    var pause = Self.retryPause(afterFailures: failures)
                    nanosleep(&pause, nil)
                }
            }
        }
    }

    /// How long to wait before retrying after `failures` bus errors in a row: 200 ms more per
    /// failure, at most 2 s. Split into seconds and nanoseconds: `nanosleep` refuses a
    /// `tv_nsec` of a second or more and returns at once, which turned the retry into a spin.
    public static func retryPause(afterFailures failures: Int) -> timespec {
        let nanoseconds = max(1, min(failures, 10)) * 200_000_000
        return timespec(tv_sec: nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000)
    }

    /// One look at the stream and the job it gave, if any; true when the idle exit has come.
    private func step(lastWork: inout UInt64, clock: SystemClock) throws -> Bool {
        if !groupReady {
            try index.createGroup()
            groupReady = true
        }
        var entries = try bus.claimIdle(
            stream: Topics.backtestJobs, group: Topics.backtestWorkersGroup, consumer: consumer,
            minIdleMilliseconds: claimIdleMilliseconds, count: 1)
        let claimed = !entries.isEmpty
        if claimed {
            counters.claimed += entries.count
            log("claimed \(entries.count) job(s) idle for \(claimIdleMilliseconds) ms")
        } else {
            entries = try bus.readGroup(
                stream: Topics.backtestJobs, group: Topics.backtestWorkersGroup, consumer: consumer, count: 1,
                blockMilliseconds: pollMilliseconds)
        }
        if entries.isEmpty {
            if let idleExitSeconds,
                Double(clock.monotonicNanoseconds() - lastWork) / 1e9 >= idleExitSeconds,
                try bus.pendingCount(stream: Topics.backtestJobs, group: Topics.backtestWorkersGroup) == 0
            {
                log("idle for \(idleExitSeconds) s with nothing pending: exiting")
                return true
            }
            return false
        }
        for entry in entries {
            try handle(entry, claimed: claimed)
            try bus.acknowledge([entry.id], stream: Topics.backtestJobs, group: Topics.backtestWorkersGroup)
        }
        lastWork = clock.monotonicNanoseconds()
        return false
    }

    private func handle(_ entry: StreamEntry, claimed: Bool) throws {
        let job: BacktestJob
        do {
            job = try BacktestJob(json: entry.payload)
        } catch {
            counters.undecodable += 1
            log("entry \(entry.id) is not a backtest job (\(error)); acknowledged and skipped")
            return
        }
        if try index.hasResult(jobId: job.jobId) {
            counters.skipped += 1
            publish(job, state: "skipped", fraction: 1)
            return
        }
        if claimed, case let deliveries = try index.deliveries(of: entry.id), deliveries > maximumDeliveries {
            let reason = "delivered \(deliveries) times: every worker that took it died; not run again"
            let result = BacktestJobResult(
                job: job, host: runner.host, finishedAt: SystemClock().now().nanosecondsSinceEpoch, error: reason)
            try index.putResult(result)
            counters.failed += 1
            log("job \(job.jobId) \(reason)")
            publish(job, state: "failed", fraction: 1)
            return
        }
        let started = SystemClock().monotonicNanoseconds()
        try? index.setRunning(progress(job, state: "running", fraction: 0))
        publish(job, state: "running", fraction: 0)
        let result = runner.run(job) { fraction in
            if fraction < 1, SystemClock().monotonicNanoseconds() - started >= phaseReportNanoseconds {
                publish(job, state: "running", fraction: fraction)
            }
        }
        let stored = try index.putResult(result)
        if result.error != nil {
            counters.failed += 1
            log("job \(job.jobId) failed: \(result.error ?? "")")
        } else if stored {
            counters.ran += 1
        } else {
            counters.skipped += 1
        }
        let state = result.error == nil ? (stored ? "done" : "skipped") : "failed"
        publish(job, state: state, fraction: 1)
        let milliseconds = Double(SystemClock().monotonicNanoseconds() - started) / 1e6
        let loaded = runner.lastLoadMilliseconds
        log(
            "\(job.jobId) \(state) in \(String(format: "%.1f", milliseconds)) ms"
                + (loaded > 0 ? " (bars loaded in \(String(format: "%.1f", loaded)) ms)" : ""))
    }

    private func progress(_ job: BacktestJob, state: String, fraction: Double) -> BacktestJobProgress {
        BacktestJobProgress(
            jobId: job.jobId, sweepId: job.sweepId, state: state, fraction: fraction, host: runner.host,
            pid: getpid(), at: SystemClock().now().nanosecondsSinceEpoch)
    }

    /// Progress is at-most-once by design: a lost message only delays a progress bar.
    private func publish(_ job: BacktestJob, state: String, fraction: Double) {
        guard let bytes = try? progress(job, state: state, fraction: fraction).encoded() else { return }
        try? bus.publish(bytes, on: Topics.backtestProgress)
    }
}

/// The worker's counters, copied under a lock for the heartbeat thread.
public final class WorkerCounterBoard: @unchecked Sendable {
    private let lock = Mutex()
    private var latest = BacktestWorker.Counters()

    public func publish(_ counters: BacktestWorker.Counters) { lock.withLock { latest = counters } }

    /// `ran`, `failed`, `skipped`, `claimed`, `undecodable`, as heartbeat counters.
    public var heartbeatCounters: [String: Int64] {
        let c = lock.withLock { latest }
        return [
            "ran": Int64(c.ran), "failed": Int64(c.failed), "skipped": Int64(c.skipped), "claimed": Int64(c.claimed),
            "undecodable": Int64(c.undecodable),
        ]
    }
}
