/// What a trip did.
public struct KillSwitchTripOutcome: Sendable, Equatable {
    public var transition: KillSwitchTransition
    /// Set when the trip reached only the local file: why the bus did not take it.
    public var busProblem: String?
}
