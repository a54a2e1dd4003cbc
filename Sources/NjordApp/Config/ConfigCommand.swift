public import ArgumentParser
import Foundation
import NjordConfig

/// `njord config …`: inspect the configuration the daemons would load.
public struct ConfigCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Inspect the stack's configuration.",
        subcommands: [ConfigCheckCommand.self]
    )

    public init() {}
}

/// `njord config check`: loads base/strategies/portfolio with the current environment's `NJORD_*`
/// overrides; prints every problem as `file: key.path: message` and exits 1, or one OK line and exits 0.
struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate config/*.yaml plus NJORD_* overrides; exit 1 on any problem."
    )

    @Option(
        name: .customLong("config-dir"), help: "Directory holding base.yaml, strategies.yaml, portfolio.yaml."
    )
    var configDir = "config"

    func run() throws {
        do {
            let config = try NjordConfiguration.load(
                directory: configDir, environment: ProcessInfo.processInfo.environment)
            for warning in config.warnings { StandardError.write("warning: \(warning)") }
            print("config OK (\(configDir)): \(config.summary)")
        } catch {
            for problem in error.problems { StandardError.write(problem.description) }
            StandardError.write("config check failed: \(error.problems.count) problem(s) in \(configDir)")
            throw ExitCode(1)
        }
    }
}

/// Lines for the operator that are not the command's output. In a daemon that started its
/// ``ServiceLog`` each line is also a record of its NDJSON log (and `warn` lines go to `log.*`).
enum StandardError {
    static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
        ServiceLog.record(line, level: .notice)
    }

    /// A line about something wrong that the daemon survives (bus errors, bad input, lag).
    static func warn(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
        ServiceLog.record(line, level: .warning)
    }
}
