import ArgumentParser

/// `njord md`: market-data tools.
struct MarketDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "md", abstract: "Market data: replay captures, rebuild books, simulate, ingest, watch.",
        subcommands: [
            MarketDataBookCommand.self, MarketDataSimCommand.self, MarketDataIngestCommand.self,
            MarketDataWatchCommand.self,
        ])
}
