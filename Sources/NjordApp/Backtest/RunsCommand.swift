public import ArgumentParser

/// `njord runs`: the backtest run folders under `var/backtests`.
public struct RunsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List and show backtest runs.",
        subcommands: [RunsListCommand.self, RunsShowCommand.self])

    public init() {}
}
