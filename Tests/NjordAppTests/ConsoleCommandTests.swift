import Foundation
import NjordCore
import NjordRedis
import NjordTestSupport
import Testing

/// `njord-console` in a real terminal: tmux at 120×40 over a real redis-server, read back with
/// `capture-pane`, driven with `send-keys`.
@Suite struct ConsoleCommandTests {
    static let tmuxPath = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// A private tmux server (its own socket), so the test never touches the operator's sessions.
    struct Tmux {
        let socket: String

        /// Runs one tmux command, at most 10 s, through posix_spawn with every inherited descriptor
        /// closed: the tmux server that `new-session` forks would otherwise keep open the
        /// descriptors Foundation's `Process` watches for a child's exit (its own and other tests'),
        /// and those would never see their child end. Output goes through a file.
        @discardableResult
        func run(_ arguments: [String]) throws -> String {
            let output = socket + ".out-\(UUID().uuidString)"
            defer { unlink(output) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            // glibc ignores closing a descriptor that is not open (EBADF in range).
            for fd in Int32(3)..<1024 { posix_spawn_file_actions_addclose(&actions, fd) }
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            // Children of Swift processes inherit blocked signals; tmux and the console need theirs.
            var none = sigset_t()
            sigemptyset(&none)
            posix_spawnattr_setsigmask(&attributes, &none)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
            let argv = ([ConsoleCommandTests.tmuxPath!, "-S", socket] + arguments).map { strdup($0) } + [nil]
            defer { for a in argv { free(a) } }
            var pid: pid_t = 0
            let spawned = posix_spawn(&pid, ConsoleCommandTests.tmuxPath!, &actions, &attributes, argv, environ)
            guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
            var status: Int32 = 0
            let finished = eventually(within: 10_000) { waitpid(pid, &status, WNOHANG) == pid }
            if !finished {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                Issue.record("tmux \(arguments) did not finish in 10 s")
            }
            return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        }

        func screen() -> String { (try? run(["capture-pane", "-p", "-t", "console"])) ?? "" }
        func pane(_ format: String) -> String {
            ((try? run(["display-message", "-p", "-t", "console", format])) ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func keys(_ keys: String...) throws { try run(["send-keys", "-t", "console"] + keys) }
    }

    func event(_ n: UInt64, _ payload: EventPayload) -> EventEnvelope {
        let now = SystemClock().now()
        return EventEnvelope(
            id: "console-e2e-\(n)", source: "console-e2e", sequence: n, eventTime: now, receiveTime: now,
            payload: payload)
    }

    /// `K`, then `y`: the banner shows, and `njord killswitch status --json` says tripped, by and
    /// for `console:…`. The status object.
    static func tripFromConsole(tmux: Tmux, redis: String, runDir: String) throws -> [String: Any] {
        try tmux.keys("K")
        #expect(eventually { tmux.screen().contains("Trip the kill switch?") }, "no dialog:\n\(tmux.screen())")
        try tmux.keys("y")
        #expect(eventually { tmux.screen().contains("KILL SWITCH TRIPPED by console:") }, "\(tmux.screen())")

        let status = try NjordProcess.run(["killswitch", "status", "--json", "--redis", redis, "--run-dir", runDir])
        #expect(status.status == 0, "\(status)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any], "\(status)")
        #expect(json["tripped"] as? Bool == true, "\(json)")
        #expect((json["reason"] as? String)?.hasPrefix("console:") == true, "\(json)")
        #expect((json["by"] as? String)?.hasPrefix("console:") == true, "\(json)")
        return json
    }

    /// From the Backtests screen: launches an SMA backtest on a 5,000-bar slice of ftx45k, which
    /// is queued for a worker; none is alive, so the console starts one, detached; its progress
    /// and its result show from Redis, and the detail names the HTML report. `workerPid` is the
    /// started worker's, as soon as it beats.
    static func launchSmallBacktest(
        tmux: Tmux, bus: RedisBus, scratch: String, runsDir: String, workerPid: inout Int32?
    ) throws {
        let ftx = SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv").path
        let bars = scratch + "/ftx-slice.csv"
        let slice = try String(contentsOfFile: ftx, encoding: .utf8).split(separator: "\n").prefix(5_001)
        try (slice.joined(separator: "\n") + "\n").write(toFile: bars, atomically: true, encoding: .utf8)
        try tmux.keys("6")
        try tmux.keys("n")
        #expect(eventually { tmux.screen().contains("Launch a backtest") }, "no form:\n\(tmux.screen())")
        try tmux.keys("Tab")
        try tmux.keys("Right")
        try tmux.keys("Right")
        try tmux.keys("Tab")
        try tmux.run(["send-keys", "-t", "console", "-l", bars])
        try tmux.keys("Enter")
        #expect(
            eventually {
                let screen = tmux.screen()
                return screen.contains("queued bt-") && screen.contains("(worker pid ")
            }, "not queued, or no worker started:\n\(tmux.screen())")
        var beaten: Int32?
        #expect(
            try eventually(within: 20_000) {
                let key = try bus.value(forKey: "njord:svc:worker")
                if let key, case .heartbeat(let beat) = try EventEnvelope(json: key).payload {
                    beaten = Int32(beat.pid)
                }
                return beaten != nil
            }, "the started worker never beat")
        workerPid = beaten
        let finished = eventually(within: 60_000) {
            let screen = tmux.screen()
            return screen.contains("1 in njord:bt:results") && screen.contains("100.00%") && screen.contains("1/1")
        }
        #expect(finished, "the queued backtest never finished:\n\(tmux.screen())")
        let results = try bus.command(["HGETALL", Topics.backtestResultsIndexKey]).array ?? []
        #expect(results.count == 2, "one result: \(results)")
        let result = try #require(
            results.last?.bytes.flatMap { try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] })
        #expect(result["strategy"] as? String == "sma_cross" && result["error"] is NSNull, "\(result)")
        let runPath = try #require(result["run_dir"] as? String)
        #expect(runPath.hasPrefix(runsDir + "/bt-"), "\(runPath)")
        #expect(FileManager.default.fileExists(atPath: "\(runPath)/metrics.json"))
        let config = (try? String(contentsOfFile: "\(runPath)/config.json", encoding: .utf8)) ?? ""
        #expect(config.contains("sma_cross"), "\(config)")
        try tmux.keys("Enter")
        // The whole location, or as much of it as the 120 columns hold (long scratch paths are cut).
        let location = "report: \(result["host"] as? String ?? ""):\(runPath)/report.html"
        #expect(
            eventually {
                tmux.screen().split(separator: "\n").contains { row in
                    let shown = row.trimmingCharacters(in: .whitespaces)
                    return shown.hasPrefix("report: ") && location.hasPrefix(shown)
                        && shown.count >= min(location.count, 100)
                }
            }, "no detail naming \(location):\n\(tmux.screen())")
        try tmux.keys("Escape")
    }

    @Test(.enabled(if: tmuxPath != nil, "tmux is not installed (scripts/install-deps installs it)"))
    func consoleShowsLivePricesTripsTheKillSwitchAndLeavesTheTerminalClean() throws {
        let njord = try #require(NjordBinary.path(), "njord binary not found; run swift build --build-tests")
        let console = URL(fileURLWithPath: njord).deletingLastPathComponent().appendingPathComponent("njord-console")
            .path
        #expect(FileManager.default.isExecutableFile(atPath: console), "njord-console not built at \(console)")
        let server = try RedisServerFixture()
        let port = try #require(server.port)
        let redis = "redis://127.0.0.1:\(port)"
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "njord-console-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let runDir = scratch.appendingPathComponent("run").path
        let runsDir = scratch.appendingPathComponent("runs").path
        let logDir = scratch.appendingPathComponent("log").path
        let tmux = Tmux(socket: scratch.appendingPathComponent("tmux.sock").path)
        defer { _ = try? tmux.run(["kill-server"]) }

        let started = SystemClock().monotonicNanoseconds()
        try tmux.run([
            "new-session", "-d", "-x", "120", "-y", "40", "-s", "console",
            "env LANG=C.UTF-8 TERM=xterm-256color NJORD_REDIS_URL= '\(console)' --redis \(redis) --run-dir '\(runDir)' --runs-dir '\(runsDir)' --log-dir '\(logDir)' --worker-idle-exit 2",
            ";", "set-option", "-t", "console", "remain-on-exit", "on",
        ])
        #expect(eventually(within: 5_000) { tmux.screen().contains("1 Overview") }, "no first frame:\n\(tmux.screen())")
        let firstFrameMilliseconds = (SystemClock().monotonicNanoseconds() - started) / 1_000_000
        print("console first frame after \(firstFrameMilliseconds) ms (tmux start included)")
        #expect(tmux.pane("#{alternate_on}") == "1")

        let bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
        defer { bus.close() }
        #expect(
            try eventually { try bus.command(["PUBSUB", "NUMPAT"]).integer ?? 0 >= 1 }, "the console never subscribed")
        var n: UInt64 = 0
        let shown = try eventually(within: 15_000) {
            n += 1
            let trade = Trade(
                venue: "sim", symbol: "BTCUSDT", tradeId: Int64(n), price: try Fixed("61234.5"), qty: try Fixed("0.25"),
                side: .buy)
            let top = TopOfBook(
                venue: "sim", symbol: "BTCUSDT", updateId: Int64(n), bid: try Fixed("61234.25"), bidQty: Fixed(1),
                ask: try Fixed("61234.75"), askQty: Fixed(2))
            let beat = Heartbeat(
                service: "md-ingest", host: "e2e", pid: 1, startedAt: SystemClock().now(), status: .ok,
                counters: ["trades_out": Int64(n)])
            try bus.publish(
                batch: [
                    BusMessage(topic: Topics.trades("BTCUSDT"), payload: event(n, .trade(trade)).encoded()),
                    BusMessage(topic: Topics.topOfBook("BTCUSDT"), payload: event(n, .topOfBook(top)).encoded()),
                    BusMessage(topic: Topics.heartbeat("md-ingest"), payload: event(n, .heartbeat(beat)).encoded()),
                ])
            let screen = tmux.screen()
            return screen.contains("61234.5") && screen.contains("md-ingest") && screen.contains("61234.75")
        }
        #expect(shown, "prices never showed:\n\(tmux.screen())")

        _ = try Self.tripFromConsole(tmux: tmux, redis: redis, runDir: runDir)

        var workerPid: Int32?
        defer { if let workerPid { kill(workerPid, SIGKILL) } }
        try Self.launchSmallBacktest(
            tmux: tmux, bus: bus, scratch: scratch.path, runsDir: runsDir, workerPid: &workerPid)

        try tmux.keys("q")
        #expect(eventually { tmux.pane("#{pane_dead}") == "1" }, "the console did not exit:\n\(tmux.screen())")
        // A normal exit shows as tmux's "Pane is dead (status 0" or as the farewell line the console
        // prints after restoring the terminal (which of the two the pane keeps varies).
        #expect(
            eventually {
                let screen = tmux.screen()
                return screen.contains("Pane is dead (status 0") || screen.contains("njord console: closed")
            }, "\(tmux.screen())")
        #expect(tmux.pane("#{alternate_on}") == "0", "the terminal was left in the console's screen")
        #expect(!tmux.screen().contains("1 Overview"), "\(tmux.screen())")
        // The worker the console started is not left behind: it leaves by itself once idle
        // (--worker-idle-exit 2), whether or not the console is still open.
        if let workerPid {
            #expect(
                eventually(within: 20_000) {
                    let stat = (try? String(contentsOfFile: "/proc/\(workerPid)/stat", encoding: .utf8)) ?? ""
                    return stat.isEmpty || stat.contains(") Z ")
                }, "the console's worker is still running")
        }
    }
}
