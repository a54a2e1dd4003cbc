public import NjordCore

/// A position no running strategy manages any more: left by a removed strategy (or one moved to
/// another symbol). It is reported, never flattened; an operator decides what to do with it.
public struct UnmanagedPosition: Hashable, Sendable {
    /// The strategy that built it.
    public var strategyId: String
    public var symbol: String
    /// Base-asset quantity (negative for a short).
    public var quantity: Fixed

    public init(strategyId: String, symbol: String, quantity: Fixed) {
        self.strategyId = strategyId
        self.symbol = symbol
        self.quantity = quantity
    }
}
