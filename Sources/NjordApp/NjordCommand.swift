public import ArgumentParser
import NjordSweep

/// `njord`: the operator's entry point to every tool of the stack.
public struct NjordCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "njord",
        abstract: "Njord Quant: local-first crypto trading stack.",
        subcommands: [
            ConfigCommand.self, KillSwitchCommand.self, JournalCommand.self, BusCommand.self, MarketDataCommand.self,
            DataCommand.self, DemoCommand.self, BacktestCommand.self, RunsCommand.self, ReportCommand.self,
            RiskCommand.self, ReconcileCommand.self, StatusCommand.self, ConsoleCommand.self, StrategiesCommand.self,
            SweepCommand.self, SweepsCommand.self, WorkerCommand.self, WalkForwardCommand.self, PaperTraderCommand.self,
        ]
    )

    public init() {}
}
