import ArgumentParser
import NjordCore

/// `njord killswitch reset --reason R [--by WHO] [--run-dir DIR]`; the reason is required.
struct KillSwitchResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset", abstract: "Re-enable order flow; needs a reason.")

    @Option(help: "Why trading may resume (required, recorded in the history).")
    var reason: String

    @Option(help: "Who resets it; default cli:<user>@<host>.")
    var by: String?

    @OptionGroup var location: KillSwitchLocation

    func run() throws {
        let store = location.store
        do {
            let transition = try store.reset(
                reason: reason, by: by ?? CommandLineActor.current, at: SystemClock().now())
            print(
                transition.changed
                    ? "kill switch reset by \(transition.by): \(transition.reason)"
                    : "kill switch was not tripped; request recorded")
        } catch {
            StandardError.write("killswitch reset failed: \(error)")
            throw ExitCode(2)
        }
    }
}
