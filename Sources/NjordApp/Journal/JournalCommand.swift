public import ArgumentParser

/// `njord journal …`: inspect and verify the append-only event journals.
public struct JournalCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Inspect and verify the append-only NDJSON journals.",
        subcommands: [
            JournalVerifyCommand.self, JournalCatCommand.self, JournalTailCommand.self,
            JournalCrashChildCommand.self,
        ]
    )

    public init() {}
}
