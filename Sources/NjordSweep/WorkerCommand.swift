public import ArgumentParser
import Foundation
import NjordCore
import NjordServiceKit

/// `njord-worker` (also `njord worker`): runs sweep jobs from the Redis stream `bt:jobs` until
/// stopped (SIGINT/SIGTERM finish the job at hand first), or, with `--idle-exit`, once nothing
/// has come and nothing is pending for that long. Start one per core on every machine that should
/// help, by hand, from `njord sweep` or the console, or as a systemd service
/// (deploy/systemd/njord-worker.service). It beats every second as the service `worker`
/// (``WorkerHeartbeat``), from its own thread, so a console sees it alive even mid-job.
public struct WorkerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run backtest sweep jobs from Redis (the njord-worker process).")

    @OptionGroup var redis: RedisOptions
    @Option(help: "Folder the jobs' run folders go in.") var runsDir: String = "var/backtests"
    @Option(help: "Take over a job another worker has held unacknowledged this long (ms): it died.")
    public var claimIdleMs: Int = 60_000
    @Option(help: "Fail, instead of running, a taken-over job delivered more often than this (it crashed its workers).")
    public var maxDeliveries: Int = 3
    @Option(help: "Exit after this many seconds with no job and none pending (default: run forever).")
    public var idleExit: Double?
    @Option(help: "Consumer name in the group (default: host-pid).") var consumer: String?

    public init() {}

    public func validate() throws {
        guard claimIdleMs > 0 else { throw ValidationError("--claim-idle-ms must be positive") }
        guard maxDeliveries > 0 else { throw ValidationError("--max-deliveries must be positive") }
        if let idleExit, idleExit < 0 { throw ValidationError("--idle-exit must not be negative") }
    }

    public func run() throws {
        WorkerMemory.keepBlocksBetweenJobs()
        let stop = StopSignals()
        let bus = try redis.bus()
        defer { bus.close() }
        let name = consumer ?? "\(HostName.current)-\(getpid())"
        let worker = BacktestWorker(
            bus: bus, runsDir: runsDir, consumer: name, claimIdleMilliseconds: claimIdleMs, idleExitSeconds: idleExit,
            maximumDeliveries: maxDeliveries
        ) { line in
            FileHandle.standardError.write(Data("\(SystemClock().now().iso8601) worker \(name): \(line)\n".utf8))
        }
        FileHandle.standardError.write(Data("\(SystemClock().now().iso8601) worker \(name): started\n".utf8))
        let board = worker.board
        let heartbeat = WorkerHeartbeat(bus: bus, host: HostName.current) { board.heartbeatCounters }
        heartbeat.start()
        defer { heartbeat.stop() }
        try worker.run { stop.isStopped }
        let c = worker.counters
        FileHandle.standardError.write(
            Data(
                "\(SystemClock().now().iso8601) worker \(name): ran \(c.ran), failed \(c.failed), skipped \(c.skipped), claimed \(c.claimed), undecodable \(c.undecodable)\n"
                    .utf8))
    }
}
