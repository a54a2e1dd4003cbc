public import ArgumentParser
import Foundation
import NjordConsole
import NjordCore
import NjordMarketData
import NjordRedis
import NjordServiceKit
import NjordTerminal

/// `njord console` (also the executable `njord-console`): the operator's terminal UI over the bus.
/// It only watches, except for the kill switch, which it trips and resets through the same
/// service as `njord killswitch` (reason and actor `console:<user>@<host>`).
public struct ConsoleCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "console", abstract: "The operator console: markets, positions, risk, logs (ncurses).")

    @Option(help: "A theme name in --themes-dir (dark, light, high-contrast, mono) or a theme file's path.")
    var theme = "dark"

    @Option(name: .customLong("themes-dir"), help: "Directory of theme files.")
    var themesDirectory = "themes"

    @Option(help: "Folder the workers this console starts write run folders in.")
    var runsDir = "var/backtests"

    @Option(
        help:
            "The log directory: the services' <service>.ndjson files tailed on the Logs screen, and the logs of the workers this console starts."
    )
    var logDir = "var/log/njord"

    @Flag(inversion: .prefixedNo, help: "Tail the services' NDJSON logs in --log-dir on the Logs screen.")
    var logTail = true

    @Option(help: "Seconds a worker started by the console waits idle before it exits.")
    var workerIdleExit: Double = 60

    @Option(help: "Market-data store root, for launches naming venue:SYMBOL.")
    var store = MarketDataStore.defaultRoot

    @OptionGroup var location: KillSwitchLocation
    @OptionGroup var redis: RedisOptions

    public init() {}

    public func run() throws {
        let options = try redis.busOptions()
        let authority = "redis:\(options.endpoint.addressDescription)"
        let loaded = ThemeLoader.load(theme, themesDirectory: themesDirectory)
        let signals = StopSignals()
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal()
        } catch {
            StandardError.write("njord console: \(error)")
            throw ExitCode(1)
        }
        let link = BusLink(address: authority) { try RedisBus(options: options) }
        link.start()
        let runtime = ConsoleRuntime(
            screen: CursesScreen(terminal: terminal, theme: loaded.theme), link: link, clock: SystemClock(),
            identity: CommandLineActor.named("console"), killSwitchStore: location.store, authority: authority,
            problems: loaded.problems.map(\.description),
            library: RedisBacktestLibrary(
                bus: { link.currentBus as? RedisBus },
                spawner: WorkerSpawner(
                    runsDir: runsDir, idleExitSeconds: workerIdleExit, claimIdleMilliseconds: 60_000,
                    redisURL: redis.url,
                    configDir: redis.configDir), logDir: logDir, storeRoot: store),
            logFiles: logTail ? LogFileTailer(directory: logDir) : nil)
        runtime.run { signals.isStopped }
        terminal.restore()
        link.stop()
        (link.currentBus as? RedisBus)?.close()
        for problem in loaded.problems { StandardError.write("njord console: theme: \(problem)") }
        print("njord console: closed (\(runtime.frames) frames drawn)")
    }
}
