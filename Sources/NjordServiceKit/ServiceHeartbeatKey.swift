import Foundation
public import NjordCore

/// The state key each daemon keeps its latest heartbeat envelope in, `njord:svc:<service>`, so that
/// `njord status` sees a service that beat before it started listening. Heartbeats on
/// `svc.heartbeat.<service>` are at-most-once pub/sub; this key is last write wins and its age is
/// judged from the heartbeat's own time. (Belongs in `Topics` once the contracts owner moves it.)
public enum ServiceHeartbeatKey {
    public static func key(_ service: String) -> String { "njord:svc:\(service)" }

    /// Publishes `beat` on the service's heartbeat topic and stores it in the key. Returns the
    /// number of the two writes that failed (counted by the caller, never thrown).
    public static func send(_ beat: Heartbeat, sequence: UInt64, at now: Timestamp, bus: any MessageBus) -> Int {
        let envelope = EventEnvelope(
            id: "\(beat.service)-hb-\(beat.pid)-\(now.nanosecondsSinceEpoch)", source: beat.service,
            sequence: sequence, eventTime: now, receiveTime: now, payload: .heartbeat(beat))
        let bytes = envelope.encoded()
        var failures = 0
        do { try bus.publish(bytes, on: Topics.heartbeat(beat.service)) } catch { failures += 1 }
        do { try bus.setValue(bytes, forKey: key(beat.service)) } catch { failures += 1 }
        return failures
    }
}
