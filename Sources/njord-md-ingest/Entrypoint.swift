import NjordApp

/// The market-data ingest daemon; the same command as `njord md ingest`.
@main
enum Entrypoint {
    static func main() {
        MarketDataIngestCommand.main()
    }
}
