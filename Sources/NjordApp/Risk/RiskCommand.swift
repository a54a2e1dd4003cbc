public import ArgumentParser

/// `njord risk …`: the pre-trade risk engine daemon.
public struct RiskCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "risk", abstract: "Run the risk engine daemon.", subcommands: [RiskRunCommand.self])

    public init() {}
}
