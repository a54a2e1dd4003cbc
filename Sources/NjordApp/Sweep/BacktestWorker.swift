import Foundation
import NjordCore
import NjordRedis

/// The loop of `njord-worker`: takes one job at a time from `bt:jobs` in the group `workers`,
/// first any job another worker left pending for `claimIdleMilliseconds` (it died), else a new
/// one; skips a job that already has a result; runs it; stores the result (first one wins);
/// acknowledges. A worker holds at most one unacknowledged job, so a crash loses at most one
/// job's work, and that job is taken over by the next worker to look.
final class BacktestWorker {
    struct Counters: Equatable {
        var ran = 0
        var failed = 0
        var skipped = 0
        var claimed = 0
        var undecodable = 0
    }

    let bus: RedisBus
    let index: BacktestJobIndex
    let runner: BacktestJobRunner
    let consumer: String
    let claimIdleMilliseconds: Int
    /// Exit after this long with nothing to do and nothing pending in the group; nil: never.
    let idleExitSeconds: Double?
    let pollMilliseconds: Int
    let log: (String) -> Void
    private(set) var counters = Counters()

    init(
        bus: RedisBus, runsDir: String, consumer: String, claimIdleMilliseconds: Int, idleExitSeconds: Double?,
        pollMilliseconds: Int = 500, log: @escaping (String) -> Void
    ) {
        self.bus = bus
        index = BacktestJobIndex(bus: bus)
        runner = BacktestJobRunner(runsDir: runsDir, host: HostName.current)
        self.consumer = consumer
        self.claimIdleMilliseconds = claimIdleMilliseconds
        self.idleExitSeconds = idleExitSeconds
        self.pollMilliseconds = pollMilliseconds
        self.log = log
    }

    /// Runs until `shouldStop` answers true or the idle exit comes.
    func run(shouldStop: () -> Bool) throws {
        try index.createGroup()
        let clock = SystemClock()
        var lastWork = clock.monotonicNanoseconds()
        while !shouldStop() {
            var entries = try bus.claimIdle(
                stream: Topics.backtestJobs, group: Topics.backtestWorkersGroup, consumer: consumer,
                minIdleMilliseconds: claimIdleMilliseconds, count: 1)
            if !entries.isEmpty {
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
                    return
                }
                continue
            }
            for entry in entries {
                try handle(entry)
                try bus.acknowledge([entry.id], stream: Topics.backtestJobs, group: Topics.backtestWorkersGroup)
            }
            lastWork = clock.monotonicNanoseconds()
        }
    }

    private func handle(_ entry: StreamEntry) throws {
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
        try? index.setRunning(progress(job, state: "running", fraction: 0))
        publish(job, state: "running", fraction: 0)
        let result = runner.run(job) { fraction in
            if fraction < 1 { publish(job, state: "running", fraction: fraction) }
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
        publish(job, state: result.error == nil ? (stored ? "done" : "skipped") : "failed", fraction: 1)
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

/// This machine's host name.
enum HostName {
    static let current: String = {
        var host = [CChar](repeating: 0, count: 256)
        guard gethostname(&host, host.count - 1) == 0 else { return "unknown-host" }
        return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()
}
