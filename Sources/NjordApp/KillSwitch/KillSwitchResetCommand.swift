import ArgumentParser
import NjordCore
import NjordServiceKit

/// `njord killswitch reset --reason R [--by WHO] [--redis URL] [--run-dir DIR]`; the reason is
/// required, and so is Redis: a reset that cannot reach the authority is refused (exit 2).
struct KillSwitchResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset", abstract: "Re-enable order flow; needs a reason and a reachable Redis.")

    @Option(help: "Why trading may resume (required, recorded in the history).")
    var reason: String

    @Option(help: "Who resets it; default cli:<user>@<host>.")
    var by: String?

    @OptionGroup var location: KillSwitchLocation
    @OptionGroup var redis: RedisOptions

    func run() throws {
        let context = try KillSwitchBusContext(location: location, redis: redis)
        defer { context.finish() }
        do {
            let transition = try context.service.reset(reason: reason, by: by ?? CommandLineActor.current)
            print(
                transition.changed
                    ? "kill switch reset by \(transition.by): \(transition.reason) [\(context.service.authority)]"
                    : "kill switch was not tripped; request recorded")
        } catch {
            StandardError.write("killswitch reset failed: \(error)")
            throw ExitCode(2)
        }
    }
}
