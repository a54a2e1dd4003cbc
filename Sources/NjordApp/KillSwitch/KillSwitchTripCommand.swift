import ArgumentParser
import NjordCore
import NjordServiceKit

/// `njord killswitch trip --reason R [--by WHO] [--redis URL] [--run-dir DIR]`.
///
/// A trip is never lost: it is written to Redis (the authority) and the local file. When Redis is
/// unreachable the file alone takes it, a warning names the failure, and the exit status is still
/// 0 (the next read that reaches Redis carries the trip there); it fails only if the file cannot
/// be written either.
struct KillSwitchTripCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trip", abstract: "Stop all order flow until someone resets the switch.")

    @Option(help: "Why the switch is tripped (recorded in the history).")
    var reason: String

    @Option(help: "Who trips it; default cli:<user>@<host>.")
    var by: String?

    @OptionGroup var location: KillSwitchLocation
    @OptionGroup var redis: RedisOptions

    func run() throws {
        let context = try KillSwitchBusContext(location: location, redis: redis)
        defer { context.finish() }
        let outcome: KillSwitchTripOutcome
        do {
            outcome = try context.service.trip(reason: reason, by: by ?? CommandLineActor.current)
        } catch {
            StandardError.write("killswitch trip failed: \(error)")
            throw ExitCode(2)
        }
        let transition = outcome.transition
        if let problem = outcome.busProblem {
            StandardError.write(
                "warning: the trip reached only \(context.service.fileStore.statePath) — \(problem); "
                    + "it is carried to Redis by the next read that reaches it")
        }
        if transition.changed {
            let reached =
                outcome.busProblem == nil
                ? "\(context.service.authority), \(context.service.fileStore.statePath)"
                : context.service.fileStore.statePath
            print("kill switch TRIPPED by \(transition.by): \(transition.reason) [\(reached)]")
        } else {
            let state = transition.from
            print(
                "kill switch already tripped since \(state.at?.iso8601 ?? "unknown") by \(state.by ?? "unknown"): "
                    + "\(state.reason ?? "") — request recorded")
        }
    }
}
