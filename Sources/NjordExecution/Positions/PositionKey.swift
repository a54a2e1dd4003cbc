/// Positions are kept per strategy and symbol.
public struct PositionKey: Hashable, Sendable, Comparable {
    public var strategyId: String
    public var symbol: String

    public init(strategyId: String, symbol: String) {
        self.strategyId = strategyId
        self.symbol = symbol
    }

    public static func < (lhs: PositionKey, rhs: PositionKey) -> Bool {
        (lhs.strategyId, lhs.symbol) < (rhs.strategyId, rhs.symbol)
    }
}
