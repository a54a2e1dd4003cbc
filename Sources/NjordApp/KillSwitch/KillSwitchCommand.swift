public import ArgumentParser
import Foundation
import NjordCore

/// `njord killswitch …`: trip, reset and inspect the kill switch that stops all order flow.
public struct KillSwitchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "killswitch",
        abstract: "Trip, reset or show the kill switch.",
        subcommands: [KillSwitchTripCommand.self, KillSwitchResetCommand.self, KillSwitchStatusCommand.self]
    )

    public init() {}
}

/// Options every kill switch subcommand shares.
struct KillSwitchLocation: ParsableArguments {
    @Option(name: .customLong("run-dir"), help: "Directory of killswitch.json and its history.")
    var runDir = "var/run/njord"

    var store: KillSwitchFileStore { KillSwitchFileStore(runDirectory: runDir) }
}

/// `cli:<user>@<host>`, the default `--by`; `console:<user>@<host>` for the console.
enum CommandLineActor {
    static var current: String { named("cli") }

    static func named(_ role: String) -> String {
        let user =
            ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 }
            ?? getpwuid(getuid()).flatMap { String(cString: $0.pointee.pw_name) } ?? "uid\(getuid())"
        var host = [CChar](repeating: 0, count: 256)
        let hostName =
            gethostname(&host, host.count - 1) == 0
            ? String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : "unknown-host"
        return "\(role):\(user)@\(hostName)"
    }
}
