public import ArgumentParser
import Foundation
import NjordConfig

#if canImport(Glibc)
    import Glibc
#endif

/// `njord strategies reload`: sends SIGHUP to the running strategy host, found through its pid file
/// `<run dir>/strategy-host.pid`; the host re-reads `strategies.yaml` and hot-swaps what changed.
/// Exits 1 when no host runs.
public struct StrategiesReloadCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "reload", abstract: "Make the running strategy host re-read strategies.yaml (SIGHUP).")

    @Option(name: .customLong("config-dir"), help: "Directory of base.yaml, for paths.run_dir.")
    var configDir = "config"

    @Option(name: .customLong("run-dir"), help: "Directory of the pid file (default: paths.run_dir).")
    var runDir: String?

    public init() {}

    public func run() throws {
        let directory = runDir ?? Self.runDirectory(configDir: configDir)
        let pidFile = PidFile(runDirectory: directory, service: StrategyHostDaemon.service)
        guard let pid = pidFile.read() else {
            StandardError.write("strategies reload: no strategy host pid in \(pidFile.path); is it running?")
            throw ExitCode(1)
        }
        guard kill(pid, SIGHUP) == 0 else {
            StandardError.write("strategies reload: pid \(pid) from \(pidFile.path) does not run (stale pid file)")
            throw ExitCode(1)
        }
        print("sent SIGHUP to the strategy host (pid \(pid)); `njord strategies list` shows the result")
    }

    /// `paths.run_dir` of the configuration, else its default.
    static func runDirectory(configDir: String) -> String {
        let loaded = try? NjordConfiguration.load(
            directory: configDir, environment: ProcessInfo.processInfo.environment)
        return loaded?.base.paths.runDir ?? PathsConfig().runDir
    }
}
