public import NjordCore
import NjordServiceKit

/// Whether a `njord-worker` is alive, judged from the `njord:svc:worker` key every worker writes
/// (``WorkerHeartbeat``): its latest heartbeat is `ok` and younger than ``staleAfterNanoseconds``
/// by its own time. Pure, so the rule is tested without processes.
public enum WorkerPresence {
    /// Three missed beats.
    public static let staleAfterNanoseconds: Int64 = 3_000_000_000

    public static var key: String { ServiceHeartbeatKey.key(WorkerHeartbeat.service) }

    /// The rule applied to the key's value (nil when absent) at `now`.
    public static func isAlive(keyValue: [UInt8]?, now: Timestamp) -> Bool {
        guard let keyValue, let envelope = try? EventEnvelope(json: keyValue),
            case .heartbeat(let beat) = envelope.payload, beat.status != .down
        else { return false }
        return now.nanosecondsSinceEpoch - envelope.eventTime.nanosecondsSinceEpoch < staleAfterNanoseconds
    }
}
