import ArgumentParser
import NjordCore
import NjordServiceKit

/// `njord killswitch status [--json] [--redis URL] [--run-dir DIR]`. Reads Redis (restoring a
/// missing key from the file); an unreachable Redis reads as tripped (fail closed), with a warning
/// on stderr naming why.
struct KillSwitchStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show whether the kill switch is tripped.")

    @Flag(help: "Print one JSON object: tripped, reason, by, at, source.")
    var json = false

    @OptionGroup var location: KillSwitchLocation
    @OptionGroup var redis: RedisOptions

    func run() throws {
        let context = try KillSwitchBusContext(location: location, redis: redis)
        defer { context.finish() }
        let reading = context.service.read()
        if let problem = reading.problem { StandardError.write("warning: \(problem); failing closed") }
        if json {
            print(reading.statusJSON)
            return
        }
        let state = reading.state
        let when = state.at?.iso8601 ?? "never"
        if state.tripped {
            print(
                "TRIPPED since \(when) by \(state.by ?? "unknown"): \(state.reason ?? "") [\(reading.source)]"
            )
        } else if state.at == nil {
            print("not tripped (never tripped) [\(reading.source)]")
        } else {
            print(
                "not tripped (reset \(when) by \(state.by ?? "unknown"): \(state.reason ?? "")) [\(reading.source)]"
            )
        }
    }
}
