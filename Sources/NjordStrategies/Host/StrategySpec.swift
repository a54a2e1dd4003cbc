/// What the host should run under one id: a strategy kind, the symbol it trades and its
/// parameters — one enabled entry of `config/strategies.yaml`.
public struct StrategySpec: Hashable, Sendable {
    /// Unique among running strategies; prefixes its client order ids.
    public var id: String
    /// A ``StrategyRegistry`` kind.
    public var kind: String
    public var symbol: String
    public var parameters: StrategyParameters

    public init(id: String, kind: String, symbol: String, parameters: StrategyParameters) {
        self.id = id
        self.kind = kind
        self.symbol = symbol
        self.parameters = parameters
    }
}
