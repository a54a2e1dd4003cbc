public import ArgumentParser
import Dispatch
import Foundation
import NjordBinance
import NjordConfig
import NjordCore
import NjordJournal
import NjordMarketData
import NjordServiceKit

#if canImport(Glibc)
    import Glibc
#endif

/// `njord md ingest` and the `njord-md-ingest` executable: the market-data daemon. Takes a venue's
/// events, keeps local books and bars, publishes `md.trade`, `md.delta`, `md.tob`, `md.book` (top-N
/// every second) and `md.bar.1s`/`md.bar.1m` per symbol with per-topic sequence numbers, keeps
/// `njord:book:<SYMBOL>` current, journals every published event, captures the raw frames of the
/// Binance.US and replay venues under `<journal root>/raw/`, and publishes
/// `svc.heartbeat.md-ingest` every second. Stops on SIGINT/SIGTERM (journals flushed, exit 0).
public struct MarketDataIngestCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Run the market-data ingest daemon (venue: sim, binanceus or replay).")

    @OptionGroup var redis: RedisOptions

    @Option(help: "Venue to ingest: sim, binanceus or replay (default: venues.default, else sim).")
    var venue: String?

    @Option(help: "Stop after this many seconds of venue time (sim venue; default: run until SIGINT/SIGTERM).")
    var seconds: Int?

    @Option(help: "Simulated seconds per real second (sim); recorded seconds per second, 0 = flat out (replay).")
    var speed: Double?

    @Option(
        name: .customLong("replay-file"),
        help: "A capture to replay; repeat for several (default: venues.replay.files).")
    var replayFiles: [String] = []

    @Flag(help: "Replay: start over at the end of the files (default: venues.replay.loop).")
    var loop = false

    @Flag(name: .customLong("no-capture"), help: "Do not capture raw frames under <journal root>/raw.")
    var noCapture = false

    @Option(help: "Seed of the simulated market (default: venues.sim.seed, else 42).")
    var seed: UInt64?

    @Option(name: .customLong("symbol"), help: "A symbol; repeat for several (default: venues.sim.symbols).")
    var symbols: [String] = []

    @Option(help: "Levels per side in book snapshots and the book key.")
    var depth = 20

    @Option(name: .customLong("journal-root"), help: "Root directory of the journals (default: paths.journal_dir).")
    var journalRoot: String?

    public init() {}

    public func validate() throws {
        if let venue, VenueKind(rawValue: venue) == nil {
            throw ValidationError("--venue: one of sim, binanceus, replay; got '\(venue)'")
        }
        if let seconds, seconds < 1 { throw ValidationError("--seconds must be at least 1") }
        if let speed {
            guard speed >= 0, speed.isFinite else { throw ValidationError("--speed must be 0 or positive") }
        }
        guard (1...1_000).contains(depth) else { throw ValidationError("--depth must be 1...1000") }
    }

    public func run() throws {
        let base = try loadBase()
        let venues = base?.venues
        // Where every other daemon journals: the configuration's paths.journal_dir, unless told.
        let journalRoot = self.journalRoot ?? base?.paths.journalDir ?? JournalLayout.defaultRoot
        let kind = venue.flatMap(VenueKind.init(rawValue:)) ?? venues?.defaultVenue ?? .sim
        switch kind {
        case .sim: try runSim(journalRoot: journalRoot)
        case .binanceus:
            guard let settings = venues?.binanceus else {
                StandardError.write("md ingest: venue binanceus needs venues.binanceus in \(redis.configDir)/base.yaml")
                throw ExitCode(1)
            }
            let options = BinanceUSOptions(
                wsBaseURL: settings.wsURL, restBaseURL: settings.restURL,
                symbols: symbols.isEmpty ? settings.symbols : symbols)
            try runFrameVenue(kind, journalRoot: journalRoot) { () throws(VenueAdapterError) in
                try BinanceUSVenueAdapter(options: options)
            }
        case .replay:
            let files = replayFiles.isEmpty ? venues?.replay?.files ?? [] : replayFiles
            let configured = venues?.replay.flatMap { Double($0.speed) } ?? 1
            let looping = loop || venues?.replay?.loop == true
            try runFrameVenue(kind, journalRoot: journalRoot) { () throws(VenueAdapterError) in
                try ReplayVenueAdapter(
                    files: files, symbols: symbols, speed: speed ?? configured, loop: looping, clock: SystemClock())
            }
        }
    }

    /// The base configuration (environment overrides applied), nil when `config-dir` has none.
    private func loadBase() throws -> BaseConfig? {
        let base = (redis.configDir as NSString).appendingPathComponent(NjordConfiguration.baseFile)
        guard FileManager.default.fileExists(atPath: base) else { return nil }
        do {
            return try NjordConfiguration.load(
                directory: redis.configDir, environment: ProcessInfo.processInfo.environment
            )
            .base
        } catch {
            for problem in error.problems { StandardError.write(problem.description) }
            StandardError.write("md ingest: config in \(redis.configDir) has \(error.problems.count) problem(s)")
            throw ExitCode(1)
        }
    }

    private func runFrameVenue(
        _ kind: VenueKind, journalRoot: String, _ make: () throws(VenueAdapterError) -> any FrameVenueAdapter
    ) throws {
        let stop = StopSignals()
        let adapter: any FrameVenueAdapter
        do {
            adapter = try make()
        } catch {
            StandardError.write("md ingest: \(error)")
            throw ExitCode(1)
        }
        let bus = try redis.bus()
        defer { bus.close() }
        ServiceLog.start(service: IngestDaemon.service, configDir: redis.configDir, bus: bus)
        let runId = String(SystemClock().now().nanosecondsSinceEpoch, radix: 36)
        let captureDirectory = noCapture ? nil : (journalRoot as NSString).appendingPathComponent("raw")
        let daemon = IngestDaemon(
            adapter: adapter, bus: bus, journalRoot: journalRoot,
            options: IngestOptions(source: IngestDaemon.service, bookDepth: depth, runId: runId),
            captureDirectory: captureDirectory)
        StandardError.write(
            "md ingest: venue \(kind.rawValue), "
                + (adapter.symbols.isEmpty ? "symbols from the files" : adapter.symbols.joined(separator: ", "))
                + "; journals under \(journalRoot)"
                + (captureDirectory.map { ", raw frames captured under \($0)" } ?? ""))
        do {
            try daemon.run(until: nil, shouldStop: { stop.isStopped })
        } catch let error as VenueAdapterError {
            StandardError.write("md ingest: \(error)")
            throw ExitCode(1)
        }
        StandardError.write("md ingest: stopped")
    }

    private func runSim(journalRoot: String) throws {
        let speed = speed ?? 1
        guard speed > 0 else { throw ValidationError("--speed must be positive for the sim venue") }
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
        ServiceLog.start(service: IngestDaemon.service, configDir: redis.configDir, bus: bus)
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
