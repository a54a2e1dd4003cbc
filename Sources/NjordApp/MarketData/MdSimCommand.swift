import ArgumentParser
import Foundation
import NjordConfig
import NjordCore
import NjordMarketData

/// `njord md sim`: runs the simulated venue for some simulated seconds,
/// as fast as it computes, and prints its events as NDJSON envelopes or one summary line per second.
/// Seed and symbols come from the options, else from `venues.sim` of the config, else 42 and
/// BTCUSDT, ETHUSDT when there is no config directory.
struct MarketDataSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the seeded market simulator and print its events or a per-second summary.")

    @Option(help: "Seed of the simulated market (default: venues.sim.seed).")
    var seed: UInt64?

    @Option(help: "Simulated seconds to run.")
    var seconds = 10

    @Option(
        name: .customLong("symbol"), help: "A symbol to simulate; repeat for several (default: venues.sim.symbols).")
    var symbols: [String] = []

    @Flag(help: "Print every event as one NDJSON envelope instead of the summary.")
    var ndjson = false

    @Option(name: .customLong("config-dir"), help: "Directory holding base.yaml.")
    var configDir = "config"

    func validate() throws {
        guard (1...86_400).contains(seconds) else { throw ValidationError("--seconds must be 1...86400") }
    }

    func run() throws {
        let (configSeed, configSymbols) = try venueSettings()
        let config = MarketSimConfig.standard(
            seed: seed ?? configSeed, symbols: symbols.isEmpty ? configSymbols : symbols)
        let problems = config.problems()
        guard problems.isEmpty else {
            for problem in problems { StandardError.write(problem.description) }
            throw ExitCode(1)
        }
        var sim = try MarketSimulator(config: config)
        var summary = SimSecondSummary(symbols: sim.symbols)
        if !ndjson {
            print(
                "md sim: seed \(config.seed), \(seconds) s of \(sim.symbols.joined(separator: ", ")) from \(config.startTime)"
            )
        }
        var out: [UInt8] = []
        for second in 1...seconds {
            let events = sim.advance(to: config.startTime.adding(nanoseconds: Int64(second) * 1_000_000_000))
            if ndjson {
                out.removeAll(keepingCapacity: true)
                for event in events {
                    event.envelope.encode(into: &out)
                    out.append(UInt8(ascii: "\n"))
                }
                FileHandle.standardOutput.write(Data(out))
            } else {
                for event in events { summary.add(event.envelope.payload) }
                print(summary.line(second: second, regimes: sim.symbols.map { sim.regime(of: $0)?.name ?? "-" }))
                summary.reset()
            }
        }
    }

    /// `venues.sim` seed and symbols; the built-in defaults when there is no config directory.
    private func venueSettings() throws -> (UInt64, [String]) {
        let fallback: (UInt64, [String]) = (42, ["BTCUSDT", "ETHUSDT"])
        if seed != nil, !symbols.isEmpty { return fallback }
        let base = (configDir as NSString).appendingPathComponent(NjordConfiguration.baseFile)
        guard FileManager.default.fileExists(atPath: base) else {
            StandardError.write("md sim: no \(base); using seed 42 and BTCUSDT, ETHUSDT")
            return fallback
        }
        do {
            let loaded = try NjordConfiguration.load(
                directory: configDir, environment: ProcessInfo.processInfo.environment)
            guard let sim = loaded.base.venues.sim else {
                StandardError.write(
                    "md sim: venues.sim is not configured in \(base); using seed 42 and BTCUSDT, ETHUSDT")
                return fallback
            }
            return (sim.seed, sim.symbols)
        } catch {
            for problem in error.problems { StandardError.write(problem.description) }
            StandardError.write("md sim: config in \(configDir) has \(error.problems.count) problem(s)")
            throw ExitCode(1)
        }
    }
}
