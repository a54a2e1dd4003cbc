/// One request to the kill switch and its effect; what the history file records.
public struct KillSwitchTransition: Sendable, Equatable {
    public var action: KillSwitchAction
    public var from: KillSwitchState
    public var to: KillSwitchState
    /// Why the request was made (also recorded when nothing changed).
    public var reason: String
    /// Who made it: `cli:user@host`, `risk:daily_loss`, …
    public var by: String
    public var at: Timestamp

    public init(
        action: KillSwitchAction, from: KillSwitchState, to: KillSwitchState, reason: String, by: String,
        at: Timestamp
    ) {
        self.action = action
        self.from = from
        self.to = to
        self.reason = reason
        self.by = by
        self.at = at
    }

    /// False for a trip of a tripped switch or a reset of an untripped one.
    public var changed: Bool { from != to }
}

/// What was asked of the kill switch.
public enum KillSwitchAction: String, Sendable, CaseIterable {
    case trip, reset
}
