import Foundation
import Yams

/// The whole configuration of the stack: `base.yaml`, `strategies.yaml` and `portfolio.yaml` of one
/// directory, with `NJORD_*` overrides applied, validated, and the live gate evaluated.
public struct NjordConfiguration: Sendable {
    public static let baseFile = "base.yaml"
    public static let strategiesFile = "strategies.yaml"
    public static let portfolioFile = "portfolio.yaml"

    public var base: BaseConfig
    public var strategies: [StrategyConfig]
    public var portfolio: PortfolioConfig
    /// `.live` only when `app.env: live` and `NJORD_ENABLE_LIVE=1`.
    public var tradingMode: TradingMode
    /// Things that load but deserve the operator's attention (the live gate holding back, unallocated
    /// strategies).
    public var warnings: [String]
    /// Variables of the environment that overrode a key, key path → variable name.
    public var overrides: [String: String]

    /// The one entry point: reads the three files from `directory`. `environment` is injected (pass
    /// `ProcessInfo.processInfo.environment` in a daemon) so that tests never touch the process's.
    public static func load(directory: String, environment: [String: String]) throws(ConfigError)
        -> NjordConfiguration
    {
        var problems: [ConfigProblem] = []
        func read(_ name: String) -> ConfigSource {
            let path = directory.hasSuffix("/") ? directory + name : "\(directory)/\(name)"
            do {
                return ConfigSource(name: path, text: try String(contentsOfFile: path, encoding: .utf8))
            } catch {
                let why =
                    FileManager.default.fileExists(atPath: path) ? "not readable UTF-8 text" : "no such file"
                problems.append(ConfigProblem(file: path, keyPath: "", kind: .unreadableFile(why)))
                return ConfigSource(name: path, text: nil)
            }
        }
        let sources = ConfigSources(
            base: read(baseFile), strategies: read(strategiesFile), portfolio: read(portfolioFile))
        do {
            let configuration = try parse(sources, environment: environment)
            return configuration
        } catch {
            throw ConfigError(problems: problems + error.problems)
        }
    }

    /// Validates configuration text already in memory.
    public static func parse(_ sources: ConfigSources, environment: [String: String]) throws(ConfigError)
        -> NjordConfiguration
    {
        let baseLog = ProblemLog(file: sources.base.name)
        var overrides: [String: String] = [:]
        var base: BaseConfig?
        if let document = compose(sources.base, log: baseLog) {
            let (overridden, applied) = EnvironmentOverrides.apply(to: document, environment: environment)
            overrides = applied
            let log = ProblemLog(file: sources.base.name, overriddenPaths: applied)
            base = MappingReader(overridden, path: "", log: log).flatMap(BaseConfig.read)
            baseLog.absorb(log)
        }

        let strategiesLog = ProblemLog(file: sources.strategies.name)
        var strategies = compose(sources.strategies, log: strategiesLog)
            .flatMap { MappingReader($0, path: "", log: strategiesLog) }
            .flatMap(StrategiesFile.read)
        let portfolioLog = ProblemLog(file: sources.portfolio.name)
        var portfolio = compose(sources.portfolio, log: portfolioLog)
            .flatMap { MappingReader($0, path: "", log: portfolioLog) }
            .flatMap(PortfolioConfig.read)

        var warnings: [String] = []
        if let base, let venueSymbols = base.venues.defaultSymbols, let list = strategies {
            for (index, strategy) in list.enumerated() where !venueSymbols.contains(strategy.symbol) {
                strategiesLog.report(
                    "strategies[\(index)].symbol",
                    .invalid(
                        "'\(strategy.symbol)' is not among venues.\(base.venues.defaultVenue.rawValue).symbols"
                    ))
                strategies = nil
            }
        }
        if let list = strategies, let allocations = portfolio?.allocations {
            for id in allocations.keys.sorted() {
                guard let strategy = list.first(where: { $0.id == id }) else {
                    portfolioLog.report(
                        "portfolio.allocations.\(id)", .invalid("no strategy '\(id)' in strategies.yaml"))
                    portfolio = nil
                    continue
                }
                if !strategy.enabled { warnings.append("portfolio allocates to disabled strategy '\(id)'") }
            }
            for strategy in list where strategy.enabled && allocations[strategy.id] == nil {
                warnings.append(
                    "strategy '\(strategy.id)' is enabled but has no allocation in portfolio.yaml")
            }
        }

        let problems = baseLog.problems + strategiesLog.problems + portfolioLog.problems
        guard problems.isEmpty, let base, let strategies, let portfolio else {
            throw ConfigError(problems: problems)
        }
        let gate = LiveGateDecision.evaluate(env: base.app.env, environment: environment)
        if let warning = gate.warning { warnings.insert(warning, at: 0) }
        return NjordConfiguration(
            base: base, strategies: strategies, portfolio: portfolio, tradingMode: gate.mode,
            warnings: warnings,
            overrides: overrides)
    }

    /// `env=paper mode=dry-run redis=127.0.0.1:6379 strategies=3 (2 enabled)`.
    public var summary: String {
        let enabled = strategies.filter(\.enabled).count
        return "env=\(base.app.env.rawValue) mode=\(tradingMode.rawValue) redis=\(base.redis.endpoint) "
            + "strategies=\(strategies.count) (\(enabled) enabled)"
    }

    private static func compose(_ source: ConfigSource, log: ProblemLog) -> Node? {
        guard let text = source.text else { return nil }
        do {
            return try Yams.compose(yaml: text) ?? Node.Mapping([]).node
        } catch {
            log.report(
                "", .malformedYAML(String(describing: error).replacingOccurrences(of: "\n", with: " ")))
            return nil
        }
    }
}

/// One configuration file's name (as problems should name it) and its text; nil text when unreadable.
public struct ConfigSource: Sendable {
    public var name: String
    public var text: String?

    public init(name: String, text: String?) {
        self.name = name
        self.text = text
    }
}

/// The three files of a configuration.
public struct ConfigSources: Sendable {
    public var base: ConfigSource
    public var strategies: ConfigSource
    public var portfolio: ConfigSource

    public init(base: ConfigSource, strategies: ConfigSource, portfolio: ConfigSource) {
        self.base = base
        self.strategies = strategies
        self.portfolio = portfolio
    }
}
