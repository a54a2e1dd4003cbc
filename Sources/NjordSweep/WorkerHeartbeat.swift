import Foundation
public import NjordCore
import NjordServiceKit

/// A worker's heartbeat, beaten from its own thread so that a worker deep in a long job still
/// shows as alive: every second on `svc.heartbeat.worker` and in `njord:svc:worker`
/// (``ServiceHeartbeatKey``), status `ok` while it runs and `down` once when it stops. Every
/// worker beats under the one service name `worker`: the key answers "is any worker alive", which
/// is what a console deciding whether to start one needs (``WorkerPresence``).
public final class WorkerHeartbeat: @unchecked Sendable {
    public static let service = "worker"

    private let bus: any MessageBus
    private let host: String
    private let startedAt: Timestamp
    private let intervalMilliseconds: Int
    private let counters: @Sendable () -> [String: Int64]
    private let lock = ConditionLock()
    private var stopped = false
    private var finished = false
    private var sequence: UInt64 = 0

    /// - Parameter counters: read on the heartbeat thread; must be safe to call from there.
    public init(
        bus: any MessageBus, host: String, intervalMilliseconds: Int = 1_000,
        counters: @escaping @Sendable () -> [String: Int64]
    ) {
        self.bus = bus
        self.host = host
        self.intervalMilliseconds = intervalMilliseconds
        self.counters = counters
        startedAt = SystemClock().now()
    }

    public func start() {
        let thread = Thread { [self] in
            while true {
                beat(.ok)
                let deadline = ConditionLock.deadline(afterMilliseconds: intervalMilliseconds)
                let stop = lock.withLock { () -> Bool in
                    while !stopped, lock.wait(until: deadline) {}
                    return stopped
                }
                if stop { break }
            }
            lock.withLock {
                finished = true
                lock.broadcast()
            }
        }
        thread.name = "worker-heartbeat"
        thread.start()
    }

    /// Stops the thread (waiting for it) and beats `down` once.
    public func stop() {
        lock.withLock {
            stopped = true
            lock.broadcast()
            let deadline = ConditionLock.deadline(afterMilliseconds: 5_000)
            while !finished, lock.wait(until: deadline) {}
        }
        beat(.down)
    }

    private func beat(_ status: ServiceStatus) {
        let number = lock.withLock { () -> UInt64 in
            sequence += 1
            return sequence
        }
        let heartbeat = Heartbeat(
            service: Self.service, host: host, pid: Int64(getpid()), startedAt: startedAt, status: status,
            counters: counters())
        _ = ServiceHeartbeatKey.send(heartbeat, sequence: number, at: SystemClock().now(), bus: bus)
    }
}
