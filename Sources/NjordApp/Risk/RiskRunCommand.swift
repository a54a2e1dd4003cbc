public import ArgumentParser
import Foundation
import NjordConfig
import NjordCore
import NjordJournal
import NjordRedis
import NjordRisk
import NjordServiceKit

/// `njord risk run` and the `njord-risk-engine` executable: decides every order intent on
/// `orders:intents` once, against `risk:` and the chosen `risk_profiles:` entry, journaling intent and
/// decision under `<journal_dir>/risk/` before `orders:decisions` sees the decision. Stops on
/// SIGINT/SIGTERM (journal flushed, exit 0). Exits 1 when the configuration does not load: without
/// limits there is nothing to approve against.
public struct RiskRunCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the risk engine daemon in the foreground.")

    @OptionGroup var redis: RedisOptions

    @Option(help: "Risk profile whose policies run: paper or live.")
    var profile = "paper"

    @Option(name: .customLong("journal-root"), help: "Root directory of the journals (default: paths.journal_dir).")
    var journalRoot: String?

    @Option(name: .customLong("run-dir"), help: "Directory of the kill switch file (default: paths.run_dir).")
    var runDir: String?

    @Option(help: "This engine's consumer name in the groups 'risk' and 'risk-fills'.")
    var consumer = "risk-engine"

    @Option(
        name: .customLong("claim-idle-ms"),
        help: "Take over entries a crashed run read but never acknowledged after this many idle ms.")
    var claimIdleMilliseconds = 1_000

    @Option(
        name: .customLong("killswitch-poll-ms"),
        help: "Re-read the kill switch key at least this often (ms); changes arrive on the killswitch topic at once.")
    var killSwitchPollMilliseconds = 250

    public init() {}

    public func validate() throws {
        guard RiskProfileName(rawValue: profile) != nil, profile != "backtest" else {
            throw ValidationError("--profile must be paper or live, got '\(profile)'")
        }
        guard claimIdleMilliseconds >= 0 else { throw ValidationError("--claim-idle-ms must not be negative") }
        guard (10...10_000).contains(killSwitchPollMilliseconds) else {
            throw ValidationError("--killswitch-poll-ms must be 10...10000")
        }
    }

    public func run() throws {
        let stop = StopSignals()
        let configuration: NjordConfiguration
        do {
            configuration = try NjordConfiguration.load(
                directory: redis.configDir, environment: ProcessInfo.processInfo.environment)
        } catch {
            for problem in error.problems { StandardError.write(problem.description) }
            StandardError.write("risk engine: config in \(redis.configDir) does not load; refusing to start")
            throw ExitCode(1)
        }
        let base = configuration.base
        let limits: RiskLimits
        do {
            limits = try RiskLimits(
                config: base.risk, profile: base.riskProfiles, run: RiskProfileName(rawValue: profile) ?? .live)
        } catch {
            StandardError.write("risk engine: \(error)")
            throw ExitCode(1)
        }
        let symbols = base.venues.defaultSymbols ?? []
        // TODO(instruments): the venue's exchangeInfo filters once an adapter serves them; until then the
        // configured symbols accept any positive price and quantity on the 10^-8 grid, others are denied.
        let instruments = Dictionary(uniqueKeysWithValues: symbols.map { ($0, InstrumentFilters.unrestricted) })
        let engine = RiskEngine(limits: limits, instruments: instruments, absentPositionsAreFlat: false)

        let endpoint = try redis.endpoint()
        let bus = try redis.bus()
        defer { bus.close() }
        ServiceLog.start(service: RiskEngineDaemon.service, base: base, bus: bus)
        let wakeup = CPUWakeupLatencyRequest.hold(base.latency, service: "risk engine")
        defer { withExtendedLifetime(wakeup) {} }
        let service = KillSwitchService(
            bus: bus, fileStore: KillSwitchFileStore(runDirectory: runDir ?? base.paths.runDir), clock: SystemClock(),
            authority: "redis:\(endpoint.addressDescription)", eventSource: RiskEngineDaemon.service)
        let watcher = KillSwitchWatcher(
            service: service, clock: SystemClock(), pollIntervalMilliseconds: killSwitchPollMilliseconds)
        let journal = journalRoot ?? base.paths.journalDir
        let daemon: RiskEngineDaemon
        do {
            daemon = try RiskEngineDaemon(
                bus: bus, engine: engine, watcher: watcher, journalRoot: journal, consumer: consumer,
                claimIdleMilliseconds: claimIdleMilliseconds,
                journalDurability: NjordJournal.JournalDurability(orderFlow: base.journal),
                publishedDecisions: { DecisionStreamTail.intentIds(bus: bus) },
                report: { report in StandardError.warn("risk engine: \(report)") })
        } catch {
            StandardError.write("risk engine: cannot start: \(error)")
            throw ExitCode(1)
        }
        StandardError.write(
            "risk engine: profile \(profile), checks \(limits.checks.map(\.rawValue).sorted().joined(separator: ",")); "
                + "symbols \(symbols.joined(separator: ", ")); journal \(journal)/risk")
        try daemon.run(shouldStop: { stop.isStopped })
        StandardError.write("risk engine: stopped")
    }
}

/// The intent ids of the decisions in the recent tail of `orders:decisions` (`XREVRANGE … COUNT`).
enum DecisionStreamTail {
    static func intentIds(bus: RedisBus, count: Int = 100_000) -> Set<String> {
        guard
            let reply = try? bus.command(["XREVRANGE", Topics.riskDecisions, "+", "-", "COUNT", String(count)]),
            let entries = reply.array
        else { return [] }
        var ids: Set<String> = []
        for entry in entries {
            guard let fields = entry.array?.last?.array, fields.count >= 2, let bytes = fields[1].bytes,
                let envelope = try? EventEnvelope(json: bytes), case .riskDecision(let decision) = envelope.payload
            else { continue }
            ids.insert(decision.intentId)
        }
        return ids
    }
}
