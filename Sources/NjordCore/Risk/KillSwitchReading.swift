import Foundation

/// The kill switch as read from its store: the state, where it was read, and — when the store could not
/// be trusted — why it is reported tripped.
public struct KillSwitchReading: Sendable, Equatable {
    public var state: KillSwitchState
    /// Where the state came from, e.g. `file:/abs/var/run/njord/killswitch.json`.
    public var source: String
    /// Set when the state file exists but is unreadable or corrupt; the state is then tripped (fail-closed).
    public var problem: String?

    public init(state: KillSwitchState, source: String, problem: String? = nil) {
        self.state = state
        self.source = source
        self.problem = problem
    }

    /// One JSON object on one line: `tripped` (bool), `reason`, `by`, `at` (ISO 8601 UTC or null),
    /// `source`; what `njord killswitch status --json` prints.
    public var statusJSON: String {
        var object = KillSwitchJSON.object(state)
        object["source"] = source
        return KillSwitchJSON.line(object)
    }
}

/// The JSON shape of kill switch states, shared by the state file, the history and the status output.
enum KillSwitchJSON {
    static func object(_ state: KillSwitchState) -> [String: Any] {
        [
            "tripped": state.tripped,
            "reason": state.reason ?? NSNull(),
            "by": state.by ?? NSNull(),
            "at": state.at?.iso8601 ?? NSNull(),
        ]
    }

    static func object(_ transition: KillSwitchTransition) -> [String: Any] {
        [
            "action": transition.action.rawValue,
            "changed": transition.changed,
            "reason": transition.reason,
            "by": transition.by,
            "at": transition.at.iso8601,
            "from": object(transition.from),
            "to": object(transition.to),
        ]
    }

    /// Compact, sorted keys, no trailing newline.
    static func line(_ object: [String: Any]) -> String {
        let data =
            (try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Decodes a state file's content; nil with the reason when it is not exactly a state object.
    static func state(from data: Data) -> Result<KillSwitchState, KillSwitchDecodeFailure> {
        guard let any = try? JSONSerialization.jsonObject(with: data),
            let object = any as? [String: Any]
        else { return .failure(KillSwitchDecodeFailure(detail: "not a JSON object")) }
        guard let tripped = object["tripped"] as? Bool else {
            return .failure(KillSwitchDecodeFailure(detail: "'tripped' is missing or not a boolean"))
        }
        func text(_ key: String) -> (ok: Bool, value: String?) {
            switch object[key] {
            case nil, is NSNull: return (true, nil)
            case let value as String: return (true, value)
            default: return (false, nil)
            }
        }
        let reason = text("reason"), by = text("by"), at = text("at")
        guard reason.ok, by.ok, at.ok else {
            return .failure(
                KillSwitchDecodeFailure(detail: "'reason', 'by' and 'at' must be strings or null"))
        }
        var time: Timestamp?
        if let iso = at.value {
            guard let parsed = Timestamp(iso8601: iso) else {
                return .failure(KillSwitchDecodeFailure(detail: "'at' is not an ISO 8601 UTC time"))
            }
            time = parsed
        }
        return .success(KillSwitchState(tripped: tripped, reason: reason.value, by: by.value, at: time))
    }
}

/// Why a state file could not be decoded.
struct KillSwitchDecodeFailure: Error {
    var detail: String
}
