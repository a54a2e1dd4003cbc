/// What a reload did to one strategy id.
public enum StrategyChange: Hashable, Sendable {
    /// New: built fresh; warm it up before live bars.
    case added(String)
    /// Gone: its open orders are canceled and its position is now unmanaged.
    case removed(String)
    /// Kind, symbol or parameters changed: rebuilt (its position carried over on the same symbol,
    /// its open orders canceled); warm it up before live bars.
    case reparameterized(String)
    /// Same spec: the very same instance and state carry on.
    case unchanged(String)

    /// The strategy id.
    public var id: String {
        switch self {
        case .added(let id), .removed(let id), .reparameterized(let id), .unchanged(let id): id
        }
    }
}

/// The outcome of ``StrategyHost/reload(to:)``: one change per id (sorted by id) and the cancels
/// to send.
public struct StrategyReload: Hashable, Sendable {
    public var changes: [StrategyChange]
    /// Cancels of the open orders of removed and re-parameterized strategies.
    public var actions: [StrategyAction]

    public init(changes: [StrategyChange], actions: [StrategyAction]) {
        self.changes = changes
        self.actions = actions
    }

    /// Ids of the strategies built by this reload, which need ``StrategyHost/warmUp(id:bars:)``.
    public var needsWarmUp: [String] {
        changes.compactMap {
            switch $0 {
            case .added(let id), .reparameterized(let id): id
            case .removed, .unchanged: nil
            }
        }
    }
}
