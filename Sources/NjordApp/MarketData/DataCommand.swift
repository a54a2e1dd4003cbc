public import ArgumentParser

/// `njord data …`: the tick and bar store — import CSV, list files, export ranges.
public struct DataCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Import, list and export the compressed tick and bar store.",
        subcommands: [DataImportCommand.self, DataInfoCommand.self, DataExportCommand.self]
    )

    public init() {}
}
