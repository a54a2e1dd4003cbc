import ArgumentParser
import Foundation
import NjordConfig

/// The simulated venue's seed and symbols from `venues.sim` of a config directory; 42 and
/// BTCUSDT, ETHUSDT when there is no config directory or no `venues.sim`.
enum SimVenueSettings {
    static let fallback: (UInt64, [String]) = (42, ["BTCUSDT", "ETHUSDT"])

    static func resolve(seed: UInt64?, symbols: [String], configDir: String, command: String) throws
        -> (UInt64, [String])
    {
        if seed != nil, !symbols.isEmpty { return fallback }
        let base = (configDir as NSString).appendingPathComponent(NjordConfiguration.baseFile)
        guard FileManager.default.fileExists(atPath: base) else { return fallback }
        do {
            let loaded = try NjordConfiguration.load(
                directory: configDir, environment: ProcessInfo.processInfo.environment)
            guard let sim = loaded.base.venues.sim else { return fallback }
            return (sim.seed, sim.symbols)
        } catch {
            for problem in error.problems { StandardError.write(problem.description) }
            StandardError.write("\(command): config in \(configDir) has \(error.problems.count) problem(s)")
            throw ExitCode(1)
        }
    }
}
