import ArgumentParser
import NjordCore

/// `njord killswitch status [--json] [--run-dir DIR]`.
struct KillSwitchStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show whether the kill switch is tripped.")

    @Flag(help: "Print one JSON object: tripped, reason, by, at, source.")
    var json = false

    @OptionGroup var location: KillSwitchLocation

    func run() throws {
        let reading = location.store.read()
        if let problem = reading.problem { StandardError.write("warning: \(problem)") }
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
