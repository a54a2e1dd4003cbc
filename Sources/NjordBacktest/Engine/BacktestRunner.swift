public import NjordStrategies

/// Runs a strategy chosen by name: the one place that maps names to strategy types, so the
/// engine is specialized for each concrete strategy (no existential in the replay loop).
public enum BacktestRunner {
    /// The strategy names ``run(strategy:parameters:bars:config:)`` knows.
    public static let strategyNames = [SmaCross.name]

    public static func run(
        strategy name: String, parameters: StrategyParameters, bars: BarSeries, config: BacktestConfig
    ) throws(StrategyError) -> BacktestResult {
        let engine = BacktestEngine(config: config)
        switch name {
        case SmaCross.name:
            var strategy = try SmaCross(parameters: parameters)
            return engine.run(&strategy, bars: bars)
        default:
            throw .unknownStrategy(name)
        }
    }
}
