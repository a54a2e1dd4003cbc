import ArgumentParser
import NjordCore

/// `njord killswitch trip --reason R [--by WHO] [--run-dir DIR]`.
struct KillSwitchTripCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trip", abstract: "Stop all order flow until someone resets the switch.")

    @Option(help: "Why the switch is tripped (recorded in the history).")
    var reason: String

    @Option(help: "Who trips it; default cli:<user>@<host>.")
    var by: String?

    @OptionGroup var location: KillSwitchLocation

    func run() throws {
        let store = location.store
        do {
            let transition = try store.trip(
                reason: reason, by: by ?? CommandLineActor.current, at: SystemClock().now())
            if transition.changed {
                print("kill switch TRIPPED by \(transition.by): \(transition.reason) (\(store.statePath))")
            } else {
                let state = transition.from
                print(
                    "kill switch already tripped since \(state.at?.iso8601 ?? "unknown") by \(state.by ?? "unknown"): "
                        + "\(state.reason ?? "") — request recorded")
            }
        } catch {
            StandardError.write("killswitch trip failed: \(error)")
            throw ExitCode(2)
        }
    }
}
