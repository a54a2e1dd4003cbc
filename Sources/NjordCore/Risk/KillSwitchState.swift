import Foundation

/// The kill switch: when tripped, nothing may send orders. A value type with pure transitions; the
/// file store and the CLI do the I/O. `reason`, `by` and `at` describe the latest change (all nil when
/// the switch has never been tripped).
public struct KillSwitchState: Sendable, Hashable {
    public var tripped: Bool
    public var reason: String?
    public var by: String?
    public var at: Timestamp?

    public init(tripped: Bool, reason: String? = nil, by: String? = nil, at: Timestamp? = nil) {
        self.tripped = tripped
        self.reason = reason
        self.by = by
        self.at = at
    }

    /// The state of a switch nobody has touched.
    public static let neverTripped = KillSwitchState(tripped: false)

    /// Trips the switch. Tripping never fails — a blank reason or actor is recorded as `unspecified` —
    /// because refusing to stop is worse than a poor audit line. An already tripped switch keeps its
    /// original trip (the transition reports no change).
    public func trip(reason: String, by actor: String, at time: Timestamp) -> KillSwitchTransition {
        let reason = Self.cleaned(reason) ?? "unspecified"
        let actor = Self.cleaned(actor) ?? "unspecified"
        let next = tripped ? self : KillSwitchState(tripped: true, reason: reason, by: actor, at: time)
        return KillSwitchTransition(action: .trip, from: self, to: next, reason: reason, by: actor, at: time)
    }

    /// Resets the switch; needs a non-blank reason and actor, since it re-enables trading. Resetting a
    /// switch that is not tripped changes nothing.
    public func reset(reason: String, by actor: String, at time: Timestamp) throws(KillSwitchError)
        -> KillSwitchTransition
    {
        guard let reason = Self.cleaned(reason) else { throw .resetNeedsReason }
        guard let actor = Self.cleaned(actor) else { throw .resetNeedsActor }
        let next = tripped ? KillSwitchState(tripped: false, reason: reason, by: actor, at: time) : self
        return KillSwitchTransition(action: .reset, from: self, to: next, reason: reason, by: actor, at: time)
    }

    private static func cleaned(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// A transition the kill switch refused.
public enum KillSwitchError: Error, Sendable, Equatable {
    /// A reset was asked for without a reason.
    case resetNeedsReason
    /// A reset was asked for without saying who asks.
    case resetNeedsActor
}
