public import ArgumentParser
import Foundation
import NjordConfig
import NjordCore
import NjordJournal
import NjordServiceKit

/// `njord paper-trader` and the `njord-paper-trader` executable: executes the risk engine's
/// approved decisions against the live book with the fill rules of NjordExecution, journals and
/// publishes order events, fills, positions and PnL, obeys the kill switch, and beats every second
/// on `svc.heartbeat.paper-trader` (also written to `njord:svc:paper-trader`). Stops on
/// SIGINT/SIGTERM (journal flushed, exit 0). Restarts rebuild everything from its journal.
public struct PaperTraderCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "paper-trader", abstract: "Run the paper trader daemon (simulated fills on the live book).")

    @OptionGroup var redis: RedisOptions

    @Option(name: .customLong("journal-root"), help: "Root directory of the journals (default: paths.journal_dir).")
    var journalRoot: String?

    @Option(name: .customLong("run-dir"), help: "Directory of the kill switch's local copy (default: paths.run_dir).")
    var runDir: String?

    @Option(
        name: .customLong("symbol"),
        help: "A symbol whose njord:book key is read at start; repeat for several (default: venues.sim.symbols).")
    var symbols: [String] = []

    public init() {}

    public func run() throws {
        let stop = StopSignals()
        let base = try Self.loadBase(configDir: redis.configDir)
        let settings: PaperTraderSettings
        do {
            settings = try base.map { try PaperTraderSettings(config: $0.paper) } ?? .standard
        } catch {
            StandardError.write("paper-trader: \(error)")
            throw ExitCode(1)
        }
        let journalRoot = journalRoot ?? base?.paths.journalDir ?? JournalLayout.defaultRoot
        let runDir = runDir ?? base?.paths.runDir ?? "var/run/njord"
        let symbols = symbols.isEmpty ? (base?.venues.sim?.symbols ?? SimVenueSettings.fallback.1) : symbols
        let endpoint = try redis.endpoint()
        let bus = try redis.bus()
        defer { bus.close() }
        if let base { ServiceLog.start(service: PaperTraderDaemon.service, base: base, bus: bus) }
        let wakeup = base.flatMap { CPUWakeupLatencyRequest.hold($0.latency, service: "paper-trader") }
        defer { withExtendedLifetime(wakeup) {} }
        let killSwitch = KillSwitchService(
            bus: bus, fileStore: KillSwitchFileStore(runDirectory: runDir), clock: SystemClock(),
            authority: "redis:\(endpoint.addressDescription)", eventSource: PaperTraderDaemon.service)
        let daemon: PaperTraderDaemon
        do {
            daemon = try PaperTraderDaemon(
                bus: bus, journalRoot: journalRoot, killSwitch: killSwitch, settings: settings, symbols: symbols,
                streamTail: bus,
                journalDurability: base.map { NjordJournal.JournalDurability(orderFlow: $0.journal) }
                    ?? .orderFlowDefault)
        } catch {
            StandardError.write("paper-trader: cannot start: \(error)")
            throw ExitCode(1)
        }
        StandardError.write(
            "paper-trader: journal \(journalRoot)/\(PaperJournalRecovery.stream), fees maker \(settings.fees.makerRate) "
                + "taker \(settings.fees.takerRate), touch fill \(settings.options.touchFill.rawValue)")
        do {
            try daemon.run(shouldStop: { stop.isStopped })
        } catch {
            StandardError.write("paper-trader: stopped on error: \(error)")
            throw ExitCode(1)
        }
        StandardError.write("paper-trader: stopped")
    }

    /// `base.yaml` of the config directory, or nil when there is none (defaults apply).
    static func loadBase(configDir: String) throws -> BaseConfig? {
        let path = (configDir as NSString).appendingPathComponent(NjordConfiguration.baseFile)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try NjordConfiguration.load(directory: configDir, environment: ProcessInfo.processInfo.environment)
                .base
        } catch {
            for problem in error.problems { StandardError.write(problem.description) }
            StandardError.write("paper-trader: config in \(configDir) has \(error.problems.count) problem(s)")
            throw ExitCode(1)
        }
    }
}
