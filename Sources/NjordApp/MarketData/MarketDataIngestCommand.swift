public import ArgumentParser
import Dispatch
import Foundation
import NjordCore
import NjordJournal
import NjordMarketData

#if canImport(Glibc)
    import Glibc
#endif

/// `njord md ingest` and the `njord-md-ingest` executable: the market-data daemon. Takes a venue's
/// events, keeps local books and bars, publishes `md.trade`, `md.delta`, `md.tob`, `md.book` (top-N
/// every second) and `md.bar.1s`/`md.bar.1m` per symbol with per-topic sequence numbers, keeps
/// `njord:book:<SYMBOL>` current, journals every published event, and publishes
/// `svc.heartbeat.md-ingest` every second. Stops on SIGINT/SIGTERM (journals flushed, exit 0).
public struct MarketDataIngestCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Run the market-data ingest daemon (venue: sim).")

    @OptionGroup var redis: RedisOptions

    @Option(help: "Venue to ingest: sim.")
    var venue = "sim"

    @Option(help: "Stop after this many seconds of venue time (default: run until SIGINT/SIGTERM).")
    var seconds: Int?

    @Option(help: "Simulated seconds per real second (sim venue).")
    var speed = 1.0

    @Option(help: "Seed of the simulated market (default: venues.sim.seed, else 42).")
    var seed: UInt64?

    @Option(name: .customLong("symbol"), help: "A symbol; repeat for several (default: venues.sim.symbols).")
    var symbols: [String] = []

    @Option(help: "Levels per side in book snapshots and the book key.")
    var depth = 20

    @Option(name: .customLong("journal-root"), help: "Root directory of the journals.")
    var journalRoot = JournalLayout.defaultRoot

    public init() {}

    public func validate() throws {
        guard venue == "sim" else { throw ValidationError("--venue: only 'sim' is available, got '\(venue)'") }
        if let seconds, seconds < 1 { throw ValidationError("--seconds must be at least 1") }
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number") }
        guard (1...1_000).contains(depth) else { throw ValidationError("--depth must be 1...1000") }
    }

    public func run() throws {
        let stop = StopSignals()
        let (configSeed, configSymbols) = try SimVenueSettings.resolve(
            seed: seed, symbols: symbols, configDir: redis.configDir, command: "md ingest")
        let config = MarketSimConfig.standard(
            seed: seed ?? configSeed, symbols: symbols.isEmpty ? configSymbols : symbols)
        let adapter: SimVenueAdapter
        do {
            adapter = try SimVenueAdapter(config: config, clock: SystemClock(), speed: speed)
        } catch {
            StandardError.write("md ingest: \(error)")
            throw ExitCode(1)
        }
        let bus = try redis.bus()
        defer { bus.close() }
        let runId = String(SystemClock().now().nanosecondsSinceEpoch, radix: 36)
        let daemon = IngestDaemon(
            adapter: adapter, bus: bus, journalRoot: journalRoot,
            options: IngestOptions(source: IngestDaemon.service, bookDepth: depth, runId: runId))
        StandardError.write(
            "md ingest: venue sim (seed \(config.seed)), \(adapter.symbols.joined(separator: ", ")) at \(speed)x; "
                + "journals under \(journalRoot)")
        let end = seconds.map { config.startTime.adding(nanoseconds: Int64($0) * 1_000_000_000) }
        try daemon.run(until: end, shouldStop: { stop.isStopped })
        StandardError.write("md ingest: stopped")
    }
}
