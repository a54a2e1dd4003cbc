/// Builds strategies by kind name (`sma_cross`, `bollinger`, `donchian`, as in
/// `config/strategies.yaml`) from their parameters. ``standard`` knows the samples; a plugin
/// registers its own builder under a new kind.
public struct StrategyRegistry: Sendable {
    /// Builds one strategy from its parameters, rejecting unknown, missing or invalid ones.
    public typealias Builder = @Sendable (StrategyParameters) throws(StrategyError) -> any Strategy

    private var builders: [String: Builder]

    public init() { builders = [:] }

    /// The sample strategies.
    public static let standard: StrategyRegistry = {
        var registry = StrategyRegistry()
        registry.register(kind: SmaCross.name) { parameters throws(StrategyError) in
            try SmaCross(parameters: parameters)
        }
        registry.register(kind: Bollinger.name) { parameters throws(StrategyError) in
            try Bollinger(parameters: parameters)
        }
        registry.register(kind: Donchian.name) { parameters throws(StrategyError) in
            try Donchian(parameters: parameters)
        }
        return registry
    }()

    /// The known kinds, sorted.
    public var kinds: [String] { builders.keys.sorted() }

    /// Adds (or replaces) the builder of `kind`.
    public mutating func register(kind: String, builder: @escaping Builder) { builders[kind] = builder }

    /// A new strategy of `kind`; throws ``StrategyError/unknownStrategy(_:)`` for a kind nobody
    /// registered, and the builder's error for bad parameters.
    public func make(kind: String, parameters: StrategyParameters) throws(StrategyError) -> any Strategy {
        guard let builder = builders[kind] else { throw .unknownStrategy(kind) }
        return try builder(parameters)
    }
}
