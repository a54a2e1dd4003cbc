public import ArgumentParser

/// `njord strategies`: run the strategy host, and ask the running one to reload or list its strategies.
public struct StrategiesCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "strategies", abstract: "The strategy host: run it, reload its strategies, list them.",
        subcommands: [StrategyHostCommand.self, StrategiesReloadCommand.self, StrategiesListCommand.self])

    public init() {}
}
