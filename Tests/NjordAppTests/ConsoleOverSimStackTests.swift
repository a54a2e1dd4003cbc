import Foundation
import NjordCore
import NjordRedis
import NjordTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `njord-console` in tmux (120×40) over the real paper stack — sim venue → `njord-md-ingest` →
/// `njord-strategy-host` → `njord-risk-engine` → `njord-paper-trader` on a real redis-server —
/// judged by what the screen shows, by `njord killswitch status --json`, and by the risk engine's
/// decisions on `orders:decisions`; then a backtest launched from its form runs in a detached
/// `njord-worker` and its progress and result show.
@Suite(.serialized) struct ConsoleOverSimStackTests {
    static let repoConfig = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("config").path

    /// Strategies that trade within seconds on 1-second bars and keep sending intents afterwards:
    /// a 1/2-bar crossover (market orders on most turns of the walk) and a 3-bar Bollinger band
    /// whose resting limit follows the band.
    static let fastStrategies = """
        strategies:
          - id: sma_btc
            kind: sma_cross
            symbol: BTCUSDT
            params: {fast: 1, slow: 2, quantity: 0.001}
          - id: bollinger_eth
            kind: bollinger
            symbol: ETHUSDT
            params: {period: 3, num_std: 1, quantity: 0.01}

        """

    /// Every entry of `stream` decoded (`XRANGE`, small streams only).
    static func entries(_ stream: String, on bus: RedisBus) throws -> [EventEnvelope] {
        guard let entries = try bus.command(["XRANGE", stream, "-", "+"]).array else { return [] }
        return entries.compactMap { entry -> EventEnvelope? in
            guard let pair = entry.array, pair.count == 2, let fields = pair[1].array, fields.count >= 2,
                fields[0].bytes == RedisBus.payloadField, let payload = fields[1].bytes
            else { return nil }
            return try? EventEnvelope(json: payload)
        }
    }

    /// The risk engine's decisions with their decision time.
    static func decisions(on bus: RedisBus) throws -> [(at: Timestamp, decision: RiskDecision)] {
        try entries(Topics.riskDecisions, on: bus).compactMap { envelope in
            if case .riskDecision(let decision) = envelope.payload { (envelope.eventTime, decision) } else { nil }
        }
    }

    /// Pids of live processes whose command line mentions `text`, tmux excluded.
    static func processes(mentioning text: String) -> [Int32] {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        return pids.filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else {
                return false
            }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard let first = arguments.first, !first.hasSuffix("tmux") else { return false }
            // A zombie still has its pid but no command line; reaped processes have no /proc entry.
            return arguments.contains { $0.contains(text) }
        }
    }

    /// `/proc/<pid>`'s command line and state, for failure messages.
    static func describe(_ pid: Int32) -> String {
        let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline").map {
            String(decoding: $0.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
        }
        let state = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8))?.split(separator: "\n")
            .filter { $0.hasPrefix("State") || $0.hasPrefix("PPid") }.joined(separator: ", ")
        return "\(cmdline ?? "gone") [\(state ?? "")]"
    }

    /// A field of `/proc/<pid>/status` (`State`, `PPid`), nil when the process is gone.
    static func status(_ pid: Int32, _ field: String) -> String? {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix(field + ":") }.map {
            $0.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces)
        }
    }

    /// Alive and not a zombie.
    static func isRunning(_ pid: Int32) -> Bool {
        guard let state = status(pid, "State") else { return false }
        return !state.hasPrefix("Z") && !state.hasPrefix("X")
    }

    /// Live processes whose parent is `pid`.
    static func children(of pid: Int32) -> [Int32] {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        return pids.filter { status($0, "PPid") == String(pid) }
    }

    /// The first line of `screen` that starts with `prefix`.
    static func line(_ screen: String, startingWith prefix: String) -> String? {
        screen.split(separator: "\n").map(String.init).first { $0.hasPrefix(prefix) }
    }

    /// The LAST column of a market row on the Overview (`BTCUSDT   61234.5 …`).
    static func lastPrice(_ screen: String, _ symbol: String) -> Fixed? {
        guard let row = line(screen, startingWith: symbol) else { return nil }
        let fields = row.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 2 else { return nil }
        return try? Fixed(String(fields[1]))
    }

    @Test(
        .enabled(if: ConsoleCommandTests.tmuxPath != nil, "tmux is not installed (scripts/install-deps installs it)"),
        .timeLimit(.minutes(2)))
    func consoleOverTheSimStackShowsPricesAndPositionsStopsEveryApprovalOnTripAndRunsALaunchedBacktest() throws {
        let started = SystemClock().monotonicNanoseconds()
        let njord = try #require(NjordBinary.path(), "njord binary not found; run swift build --build-tests")
        let console = URL(fileURLWithPath: njord).deletingLastPathComponent().appendingPathComponent("njord-console")
            .path
        let server = try RedisServerFixture()
        let port = try #require(server.port)
        let redis = "redis://127.0.0.1:\(port)"
        let bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
        defer { bus.close() }

        // A scratch directory of its own (not the server's), so that every process started here
        // names it on its command line and none can hide afterwards.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "njord-console-stack-\(UUID().uuidString)"
        ).path
        let config = scratch + "/config"
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for file in ["base.yaml", "portfolio.yaml"] {
            try FileManager.default.copyItem(atPath: "\(Self.repoConfig)/\(file)", toPath: "\(config)/\(file)")
        }
        try Self.fastStrategies.write(toFile: "\(config)/strategies.yaml", atomically: true, encoding: .utf8)
        let runDir = scratch + "/run"
        let logDir = scratch + "/log"
        let environment = [
            "NJORD_PATHS_JOURNAL_DIR": scratch + "/journal", "NJORD_PATHS_RUN_DIR": runDir,
            "NJORD_PATHS_LOG_DIR": logDir, "NJORD_PATHS_DATA_DIR": scratch + "/data", "NJORD_APP_ENV": "paper",
        ]
        let common = ["--redis", redis, "--config-dir", config]
        // Downstream first, so nothing the upstream daemons send waits for a reader.
        let daemons = [
            StackDaemon("njord-paper-trader", arguments: common, environment: environment, logDirectory: scratch),
            StackDaemon("njord-risk-engine", arguments: common, environment: environment, logDirectory: scratch),
            StackDaemon("njord-strategy-host", arguments: common, environment: environment, logDirectory: scratch),
            StackDaemon(
                "njord-md-ingest", arguments: common + ["--venue", "sim"], environment: environment,
                logDirectory: scratch),
        ]
        for daemon in daemons { try daemon.start() }
        var logs: String { daemons.map { $0.logTail(10) }.joined(separator: "\n") }

        let tmux = ConsoleCommandTests.Tmux(socket: scratch + "/tmux.sock")
        defer { _ = try? tmux.run(["kill-server"]) }
        try tmux.run([
            "new-session", "-d", "-x", "120", "-y", "40", "-s", "console",
            "env LANG=C.UTF-8 TERM=xterm-256color NJORD_REDIS_URL= '\(console)' --redis \(redis) --run-dir '\(runDir)' --runs-dir '\(scratch)/runs' --log-dir '\(logDir)' --worker-idle-exit 2",
            ";", "set-option", "-t", "console", "remain-on-exit", "on",
        ])
        #expect(eventually(within: 5_000) { tmux.screen().contains("1 Overview") }, "no first frame:\n\(tmux.screen())")
        let consolePid = try #require(Int32(tmux.pane("#{pane_pid}")), "tmux names no pane pid")

        // Overview: both simulated markets with a price, and the price moves while we watch.
        var firstLast: Fixed?
        let live = eventually(within: 20_000) {
            guard daemons.allSatisfy(\.isRunning) else { return true }
            let screen = tmux.screen()
            guard let last = Self.lastPrice(screen, "BTCUSDT"), Self.lastPrice(screen, "ETHUSDT") != nil else {
                return false
            }
            if firstLast == nil { firstLast = last }
            return last != firstLast && screen.contains("md-ingest")
        }
        let allUp = daemons.allSatisfy(\.isRunning)
        try #require(allUp, "a daemon stopped:\n\(logs)")
        #expect(live, "no moving prices on the Overview:\n\(tmux.screen())\n\(logs)")

        // Positions: the paper trader's snapshot of a strategy that has filled.
        try tmux.keys("3")
        let positioned = eventually(within: 40_000) {
            let screen = tmux.screen()
            return !screen.contains("Positions (0)")
                && (Self.line(screen, startingWith: "sma_btc") != nil
                    || Self.line(screen, startingWith: "bollinger_eth") != nil)
        }
        #expect(positioned, "no position after a fill:\n\(tmux.screen())\n\(logs)")
        #expect(try bus.length(of: Topics.fills) >= 1)

        // Overview: the paper trader's portfolio PnL, today's included.
        try tmux.keys("1")
        let account = eventually(within: 5_000) {
            let screen = tmux.screen()
            return screen.split(separator: "\n").contains { $0.contains("equity ") && $0.contains(" today ") }
        }
        #expect(account, "no PnL today on the Overview:\n\(tmux.screen())")

        let json = try ConsoleCommandTests.tripFromConsole(tmux: tmux, redis: redis, runDir: runDir)
        let trippedAt = try #require((json["at"] as? String).flatMap { Timestamp(iso8601: $0) }, "\(json)")

        // The strategies keep sending intents; the risk engine must deny them for the switch.
        let grace = Timestamp(nanosecondsSinceEpoch: trippedAt.nanosecondsSinceEpoch + 100_000_000)
        let denied = try eventually(within: 20_000) {
            try Self.decisions(on: bus).contains { entry in
                entry.at > trippedAt && entry.decision.failedRules.contains { $0.rule == "kill_switch" }
            }
        }
        #expect(denied, "no kill_switch denial after the trip:\n\(logs)")
        let decisions = try Self.decisions(on: bus)
        let late = decisions.filter { $0.at > grace && $0.decision.approved }
        #expect(late.isEmpty, "approved after the trip: \(late.map(\.decision.clientOrderId))")
        let before = decisions.filter { $0.at <= trippedAt }
        let after = decisions.filter { $0.at > trippedAt }
        print(
            "console over the sim stack: before the trip \(before.filter(\.decision.approved).count) approved of "
                + "\(before.count); after it \(after.filter { !$0.decision.approved }.count) denied of \(after.count)")

        // Logs: the daemons' NDJSON files in the log directory, tailed with their service and level.
        #expect(FileManager.default.fileExists(atPath: logDir + "/risk-engine.ndjson"), "no NDJSON log written")
        try tmux.keys("7")
        let tailed = eventually(within: 5_000) {
            let screen = tmux.screen()
            return screen.split(separator: "\n").contains {
                $0.contains(" info  risk-engine ") && $0.contains("risk engine: profile paper")
            } && screen.contains(" paper-trader ")
        }
        #expect(tailed, "the Logs screen shows no log file lines:\n\(tmux.screen())")

        // Backtests: a small run launched from the form goes to a detached worker the console
        // starts; its progress and result show, with the trading stack still tripped around it.
        var workerPid: Int32?
        defer { if let workerPid { kill(workerPid, SIGKILL) } }
        try ConsoleCommandTests.launchSmallBacktest(
            tmux: tmux, bus: bus, scratch: scratch, runsDir: scratch + "/runs", workerPid: &workerPid)

        try tmux.keys("q")
        #expect(eventually { tmux.pane("#{pane_dead}") == "1" }, "the console did not exit:\n\(tmux.screen())")
        #expect(tmux.pane("#{alternate_on}") == "0", "the terminal was left in the console's screen")
        #expect(!tmux.screen().contains("1 Overview"), "\(tmux.screen())")
        // tmux keeps its dead pane's process as a zombie until it reaps it; the console has exited
        // (not running), and nothing it started runs on under it.
        #expect(
            eventually(within: 5_000) { !Self.isRunning(consolePid) },
            "console pid \(consolePid) still runs: \(Self.describe(consolePid))")
        #expect(Self.children(of: consolePid).isEmpty, "the console left children: \(Self.children(of: consolePid))")

        // Upstream first, so the downstream daemons finish what is in flight; each must exit on SIGTERM.
        for daemon in daemons.reversed() {
            let exit = daemon.stop()
            #expect(exit == 0, "\(daemon.name) exited with \(exit.map(String.init) ?? "nothing")\n\(daemon.logTail())")
        }
        #expect(
            // The worker the console started leaves by itself once idle (--worker-idle-exit 2).
            eventually(within: 15_000) { Self.processes(mentioning: scratch).isEmpty },
            "left behind: \(Self.processes(mentioning: scratch).map(Self.describe))")
        // Without its tmux server the console's pid is reaped and gone.
        try tmux.run(["kill-server"])
        #expect(
            eventually(within: 5_000) { kill(consolePid, 0) != 0 },
            "console pid \(consolePid) not reaped: \(Self.describe(consolePid))")
        let seconds = Double(SystemClock().monotonicNanoseconds() - started) / 1e9
        print("console over the sim stack: \(String(format: "%.1f", seconds)) s")
    }
}
