public import ArgumentParser
import Foundation
import NjordConfig
import NjordCore
import NjordJournal
import NjordMarketData
import NjordServiceKit
import NjordStrategies

/// `njord strategies run` and the `njord-strategy-host` executable: runs the enabled strategies of
/// `strategies.yaml` on closed bars and sends their intents and cancels to `orders:intents` (the risk
/// engine's input), journaled first under `<journal root>/strategy-host/`. SIGHUP (or
/// `njord strategies reload`) hot-swaps the strategies; SIGINT/SIGTERM stop it (journal closed, exit 0).
/// Exits 1 when the configuration does not load or the strategies do not build.
public struct StrategyHostCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the strategy host daemon in the foreground.")

    @OptionGroup var redis: RedisOptions

    @Option(name: .customLong("bar-interval"), help: "Bars the strategies run on: 1s or 1m.")
    var barInterval = "1s"

    @Option(name: .customLong("journal-root"), help: "Root directory of the journals (default: paths.journal_dir).")
    var journalRoot: String?

    @Option(name: .customLong("run-dir"), help: "Directory of the pid file (default: paths.run_dir).")
    var runDir: String?

    @Option(name: .customLong("store-root"), help: "Market-data store for warm-up (default: <paths.data_dir>/store).")
    var storeRoot: String?

    @Option(name: .customLong("warm-up-venue"), help: "Venue whose stored bars warm strategies up.")
    var warmUpVenue = "sim"

    @Option(name: .customLong("warm-up-bars"), help: "Recent stored bars fed to a new or rebuilt strategy (0: none).")
    var warmUpBars = 500

    @Option(help: "This host's consumer name in the groups strategy-host-fills and strategy-host-events.")
    var consumer = "strategy-host"

    @Option(
        name: .customLong("claim-idle-ms"),
        help: "Take over fills and events a crashed run read but never acknowledged after this many idle ms.")
    var claimIdleMilliseconds = 1_000

    public init() {}

    public func validate() throws {
        guard let interval = BarInterval(rawValue: barInterval), interval == .oneSecond || interval == .oneMinute else {
            throw ValidationError("--bar-interval must be 1s or 1m, got '\(barInterval)'")
        }
        guard warmUpBars >= 0 else { throw ValidationError("--warm-up-bars must not be negative") }
        guard claimIdleMilliseconds >= 0 else { throw ValidationError("--claim-idle-ms must not be negative") }
    }

    public func run() throws {
        let stop = StopSignals()
        let hangup = HangupSignal()
        let configDir = redis.configDir
        let configuration: NjordConfiguration
        do {
            configuration = try NjordConfiguration.load(
                directory: configDir, environment: ProcessInfo.processInfo.environment)
        } catch {
            for problem in error.problems { StandardError.write(problem.description) }
            StandardError.write("strategy host: config in \(configDir) does not load; refusing to start")
            throw ExitCode(1)
        }
        let paths = configuration.base.paths
        let journal = journalRoot ?? paths.journalDir
        let recovery: StrategyHostRecovery
        do {
            recovery = try StrategyHostRecovery.read(root: journal)
        } catch {
            StandardError.write("strategy host: the journal under \(journal) does not read: \(error)")
            throw ExitCode(1)
        }
        let specs = StrategySpec.enabled(in: configuration.strategies)
        let venueSymbols = configuration.base.venues.sim?.symbols ?? []
        let filters = Dictionary(
            (venueSymbols + specs.map(\.symbol)).map { symbol in
                let sim = SimSymbolConfig.named(symbol)
                return (symbol, InstrumentFilters(tickSize: sim.tickSize, stepSize: sim.stepSize))
            }, uniquingKeysWith: { first, _ in first })
        let host: StrategyHost
        do {
            host = try StrategyHost(specs: specs, filters: filters, firstSequence: recovery.firstOrderSequence)
        } catch {
            StandardError.write("strategy host: \(configDir)/\(NjordConfiguration.strategiesFile): \(error)")
            throw ExitCode(1)
        }
        let interval = BarInterval(rawValue: barInterval) ?? .oneSecond
        let bus = try redis.bus()
        defer { bus.close() }
        ServiceLog.start(service: StrategyHostDaemon.service, base: configuration.base, bus: bus)
        let wakeup = CPUWakeupLatencyRequest.hold(configuration.base.latency, service: "strategy host")
        defer { withExtendedLifetime(wakeup) {} }
        let log: @Sendable (String) -> Void = { StandardError.write($0) }
        let daemon: StrategyHostDaemon
        do {
            daemon = try StrategyHostDaemon(
                bus: bus, host: host, recovery: recovery,
                settings: .init(
                    barInterval: interval, consumer: consumer, claimIdleMilliseconds: claimIdleMilliseconds,
                    journalRoot: journal,
                    journalDurability: NjordJournal.JournalDurability(orderFlow: configuration.base.journal)),
                warmUpBars: StrategyWarmUpBars(
                    store: MarketDataStore(root: storeRoot ?? "\(paths.dataDir)/store"), venue: warmUpVenue,
                    interval: interval, count: warmUpBars),
                loadSpecs: { try Self.loadSpecs(configDir: configDir) }, log: log)
            try daemon.start(recovery: recovery) {
                try StreamHistory.read(bus: bus, stream: Topics.fills).events
                    + StreamHistory.read(bus: bus, stream: Topics.orderEvents).events
            }
        } catch {
            StandardError.write("strategy host: cannot start: \(error)")
            throw ExitCode(1)
        }
        let pidFile = PidFile(runDirectory: runDir ?? paths.runDir, service: StrategyHostDaemon.service)
        do { try pidFile.write() } catch {
            StandardError.write("strategy host: cannot write \(pidFile.path): \(error)")
            throw ExitCode(1)
        }
        defer { pidFile.remove() }
        StandardError.write(
            "strategy host: running (pid \(getpid()), \(pidFile.path)); journal \(journal)/strategy-host")
        try daemon.run(reloadRequested: { hangup.take() }, shouldStop: { stop.isStopped })
        StandardError.write("strategy host: stopped")
    }

    /// The enabled strategies of the configuration directory as it is now.
    static func loadSpecs(configDir: String) throws -> [StrategySpec] {
        do {
            let configuration = try NjordConfiguration.load(
                directory: configDir, environment: ProcessInfo.processInfo.environment)
            return StrategySpec.enabled(in: configuration.strategies)
        } catch {
            throw StrategyConfigUnreadable(
                directory: configDir, problems: error.problems.map(\.description))
        }
    }
}

/// The configuration did not load on a reload; names every problem.
struct StrategyConfigUnreadable: Error, CustomStringConvertible {
    var directory: String
    var problems: [String]

    var description: String {
        "config in \(directory) does not load: " + problems.joined(separator: "; ")
    }
}
