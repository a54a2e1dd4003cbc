/// What a read of the kill switch key on the bus gave.
public enum KillSwitchKeyRead: Sendable, Equatable {
    /// The key does not exist.
    case absent
    /// The key held a valid `killswitch.state` envelope.
    case state(KillSwitchState)
    /// The key exists but does not decode; carries why.
    case corrupt(String)
    /// The bus did not answer; carries the bus error.
    case unreachable(String)
}

/// Decides the kill switch from the bus key and the local file — pure, so every rule is unit
/// tested without I/O:
///
/// - The key is authoritative while the bus answers.
/// - Except for a trip in the file newer than the key's state: it was made while the bus was
///   unreachable (a trip must never be lost), so it wins and is written back to the key.
/// - Key absent and the file holds a state: the file's state, written back to the key (a wiped or
///   restarted Redis without persistence forgets nothing).
/// - Both absent: never tripped (a fresh install starts untripped).
/// - Bus unreachable, or the key corrupt: tripped (fail closed), the reason naming why.
public struct KillSwitchResolution: Sendable, Equatable {
    /// What consumers must obey.
    public var reading: KillSwitchReading
    /// The state a trip or reset starts from: the authoritative one, or the file's when the key
    /// cannot be used (so a trip while Redis is away still records a change in the file).
    public var base: KillSwitchState
    /// A state to write back to the key (restored from the file), if any.
    public var restore: KillSwitchState?
    /// Whether the key already holds `base` (false when absent, corrupt, stale or unreachable).
    public var keyInSync: Bool
    /// Whether the bus answered.
    public var reachable: Bool

    /// - Parameters:
    ///   - authority: names the bus in `source`, e.g. `redis:127.0.0.1:6479`.
    ///   - busKind: how the reason names an unreachable bus, e.g. `redis`.
    public static func resolve(
        key: KillSwitchKeyRead, file: KillSwitchReading, authority: String, busKind: String = "redis"
    ) -> KillSwitchResolution {
        let fileUsable = file.problem == nil
        switch key {
        case .unreachable(let error):
            let problem = "\(busKind) unreachable: \(error)"
            return KillSwitchResolution(
                reading: failClosed(problem: problem, file: file, source: authority),
                base: file.state, restore: nil, keyInSync: false, reachable: false)
        case .corrupt(let detail):
            let problem = "kill switch key \(Topics.killSwitchKey) at \(authority) is corrupt: \(detail)"
            return KillSwitchResolution(
                reading: failClosed(problem: problem, file: file, source: authority),
                base: file.state, restore: nil, keyInSync: false, reachable: true)
        case .absent:
            guard file.state.at != nil || !fileUsable else {
                return KillSwitchResolution(
                    reading: KillSwitchReading(state: .neverTripped, source: authority),
                    base: .neverTripped, restore: nil, keyInSync: true, reachable: true)
            }
            return KillSwitchResolution(
                reading: file, base: file.state, restore: fileUsable ? file.state : nil, keyInSync: false,
                reachable: true)
        case .state(let state):
            if fileUsable, file.state.tripped, !state.tripped, let fileAt = file.state.at,
                fileAt > (state.at ?? Timestamp(nanosecondsSinceEpoch: .min))
            {
                return KillSwitchResolution(
                    reading: file, base: file.state, restore: file.state, keyInSync: false, reachable: true)
            }
            return KillSwitchResolution(
                reading: KillSwitchReading(state: state, source: authority), base: state, restore: nil,
                keyInSync: true, reachable: true)
        }
    }

    /// Tripped, keeping the file's own trip (reason, who, when) when it has one.
    private static func failClosed(problem: String, file: KillSwitchReading, source: String) -> KillSwitchReading {
        if file.problem == nil, file.state.tripped {
            return KillSwitchReading(state: file.state, source: source, problem: problem)
        }
        return KillSwitchReading(
            state: KillSwitchState(tripped: true, reason: "\(problem); failing closed", by: "killswitch-service"),
            source: source, problem: problem)
    }
}
