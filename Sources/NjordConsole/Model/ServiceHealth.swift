public import NjordCore

/// A service as its heartbeats show it.
public struct ServiceHealth: Hashable, Sendable {
    /// A heartbeat older than this marks the service late, and down after ``downAfterSeconds``.
    public static let lateAfterSeconds: Int64 = 3
    public static let downAfterSeconds: Int64 = 10

    public enum State: String, Sendable {
        case up, degraded, late, down
    }

    public var heartbeat: Heartbeat
    /// When the console received the last heartbeat (its own clock, so ages do not depend on
    /// the service's clock).
    public var lastSeen: Timestamp
    public var beats: Int

    public init(heartbeat: Heartbeat, lastSeen: Timestamp, beats: Int = 1) {
        self.heartbeat = heartbeat
        self.lastSeen = lastSeen
        self.beats = beats
    }

    public func ageNanoseconds(at now: Timestamp) -> Int64 {
        max(0, now.nanosecondsSinceEpoch - lastSeen.nanosecondsSinceEpoch)
    }

    public func state(at now: Timestamp) -> State {
        let age = ageNanoseconds(at: now) / 1_000_000_000
        if age >= Self.downAfterSeconds || heartbeat.status == .down { return .down }
        if age >= Self.lateAfterSeconds { return .late }
        return heartbeat.status == .degraded ? .degraded : .up
    }

    /// The counters worth a glance: the service's own first, the bus's after, by name.
    public var keyCounters: [(String, Int64)] {
        heartbeat.counters.sorted { a, b in
            let aBus = a.key.hasPrefix("bus_"), bBus = b.key.hasPrefix("bus_")
            return aBus == bBus ? a.key < b.key : !aBus
        }.map { ($0.key, $0.value) }
    }
}
