public import NjordConfig
public import NjordStrategies

extension StrategySpec {
    /// The spec of one `config/strategies.yaml` entry: parameters as text (integers in decimal,
    /// decimals as written), which the strategy parses and checks again.
    public init(config: StrategyConfig) {
        var values: [String: String] = [:]
        for (name, value) in config.params {
            switch value {
            case .integer(let n): values[name] = String(n)
            case .decimal(let text): values[name] = text
            }
        }
        self.init(
            id: config.id, kind: config.kind.rawValue, symbol: config.symbol, parameters: StrategyParameters(values))
    }

    /// The specs of the enabled entries, in file order: what a strategy host should run.
    public static func enabled(in strategies: [StrategyConfig]) -> [StrategySpec] {
        strategies.filter(\.enabled).map(StrategySpec.init(config:))
    }
}
