import ArgumentParser

/// `njord bus …`: look at and exercise the message bus.
struct BusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bus", abstract: "Inspect the Redis message bus.",
        subcommands: [
            BusStatusCommand.self, BusTailCommand.self, BusRelayCommand.self, BusConsumeChildCommand.self,
        ])
}
