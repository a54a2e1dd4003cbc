import Foundation
import NjordConsole
import NjordCore
import NjordRedis
import NjordTestSupport
import Testing

@testable import NjordApp
@testable import NjordServiceKit
@testable import NjordSweep

/// The console's library over a real redis-server and real `njord-worker` processes: a backtest
/// and a 2-job sweep queued as `njord sweep` queues them, run by the worker the library starts
/// detached, seen in the browser model through the progress topic and the results index.
@Suite(.serialized) struct RedisBacktestLibraryTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A scratch folder removed at the end of the test.
    final class Scratch {
        let path = NSTemporaryDirectory() + "njord-console-library-\(UInt32.random(in: 0...UInt32.max))"
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The first `bars` bars of the shared ftx45k file, in a scratch file.
    static func slice(bars: Int, into scratch: Scratch) throws -> String {
        let source = SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv").path
        let text = try String(contentsOfFile: source, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).prefix(bars + 1)
        let path = scratch.path + "/ftx-slice.csv"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func library(bus: RedisBus?, port: Int?, scratch: Scratch, worker: String?) -> RedisBacktestLibrary {
        RedisBacktestLibrary(
            bus: { bus },
            spawner: WorkerSpawner(
                executable: worker ?? "/nonexistent/njord-worker", runsDir: scratch.path + "/runs", idleExitSeconds: 30,
                claimIdleMilliseconds: 60_000, redisURL: port.map { "redis://127.0.0.1:\($0)" },
                configDir: scratch.path + "/no-config"),
            logDir: scratch.path + "/log")
    }

    static func request(_ mode: BacktestLaunchMode, _ bars: String, _ params: String) -> BacktestLaunchRequest {
        BacktestLaunchRequest(mode: mode, strategy: "sma_cross", source: .barsFile(bars), params: params, fee: "0.001")
    }

    @Test func aBacktestAndATwoJobSweepRunInADetachedWorkerAndShowInTheBrowser() throws {
        let workerBinary = try #require(NjordBinary.path(named: "njord-worker"), "njord-worker not built")
        let server = try RedisServerFixture()
        let port = try #require(server.port)
        let bus = try RedisBus(options: RedisBusOptions(endpoint: .unix(path: server.socketPath)))
        defer { bus.close() }
        let scratch = try Scratch()
        let bars = try Self.slice(bars: 3_000, into: scratch)
        let library = Self.library(bus: bus, port: port, scratch: scratch, worker: workerBinary)
        let progress = Collector<BusMessage>()
        let subscription = try bus.subscribe([.topic(Topics.backtestProgress)]) { progress.append($0) }
        defer { subscription.close() }

        var model = ConsoleModel(identity: "console:test@host", now: SystemClock().now())
        model.screen = .backtests
        func poll() throws {
            ConsoleReducer.reduce(.backtestLibrary(try library.poll()), into: &model, at: SystemClock().now())
        }
        try poll()
        #expect(model.backtests.runs == [] && model.backtests.workerAlive == false)

        let backtest = try library.launch(Self.request(.backtest, bars, "fast=10,slow=50"))
        var workers = [backtest.workerPid].compactMap { $0 }
        defer {
            for pid in workers {
                kill(pid, SIGKILL)
                waitpid(pid, nil, 0)
            }
        }
        let pid = try #require(backtest.workerPid, "no worker was alive, so one must have been started")
        // Its own session (setsid): a hangup of the console's terminal never reaches it.
        #expect(getsid(pid) == pid && getsid(pid) != getsid(0))
        #expect(backtest.jobIds.count == 1 && backtest.jobIds[0] == backtest.id + "-0000")
        model.backtests.jobs.append(backtest)
        #expect(
            try eventually(within: 20_000) {
                try poll()
                return model.backtests.workerAlive == true
            },
            "the started worker never beat: \((try? String(contentsOfFile: backtest.workerLog ?? "", encoding: .utf8)) ?? "")"
        )

        let sweep = try library.launch(Self.request(.sweep, bars, "fast=5:10:5,slow=50"))
        workers += [sweep.workerPid].compactMap { $0 }
        #expect(sweep.workerPid == nil, "a worker is alive: none is started")
        #expect(sweep.jobIds == [sweep.id + "-0000", sweep.id + "-0001"])
        model.backtests.jobs.append(sweep)

        let all = try eventually(within: 120_000) {
            try poll()
            return model.backtests.runs?.count == 3
        }
        #expect(all, "results: \(model.backtests.runs ?? []); log: \(backtest.workerLog ?? "")")
        #expect(model.backtests.runningJobs == 0 && model.backtests.jobs.map(\.finished) == [1, 2])
        let runs = try #require(model.backtests.runs)
        #expect(Set(runs.map(\.id)) == Set(backtest.jobIds + sweep.jobIds))
        for run in runs {
            #expect(run.error == nil && run.strategy == "sma_cross" && run.host == HostName.current)
            #expect(run.metrics["trades"] != nil && run.metrics["sharpe"] != nil, "\(run)")
            #expect(FileManager.default.fileExists(atPath: run.path + "/report.html"), "\(run.path)")
            #expect(run.path.hasPrefix(scratch.path + "/runs/"))
        }
        #expect(runs.first { $0.id == sweep.jobIds[1] }?.params == "fast=10,slow=50")

        // Every job's progress came over bt.progress, up to done, and shows in the job list.
        #expect(
            eventually {
                Set(progress.all.map { String(decoding: $0.payload, as: UTF8.self) }.filter { $0.contains("\"done\"") })
                    .count >= 3
            })
        for message in progress.all {
            ConsoleReducer.reduce(.message(message), into: &model, at: SystemClock().now())
        }
        for id in backtest.jobIds + sweep.jobIds {
            #expect(model.backtestJobs[id]?.status == "done" && model.backtestJobs[id]?.fraction == 1, "\(id)")
        }
        let screen = MemoryScreen(rows: 24, columns: 80)
        ConsoleRenderer.render(model, on: screen)
        #expect(screen.text.contains("Results (3 in njord:bt:results"), "\(screen.text)")
        #expect(screen.text.contains(String(sweep.jobIds[1].prefix(24))), "\(screen.text)")

        // The detail: the index's curve, the same metrics, the report's host and path.
        let id = backtest.jobIds[0]
        var detail = try #require(library.detail(of: id))
        #expect(detail.equity.count > 100 && detail.equity.count <= BacktestJobResult.maximumEquityPoints)
        #expect(detail.equity.first == 100_000)
        model.backtests.detail = detail
        let wide = MemoryScreen(rows: 48, columns: 160)
        ConsoleRenderer.render(model, on: wide)
        #expect(
            wide.text.contains("report: \(HostName.current):\(scratch.path)/runs/\(id)/report.html"), "\(wide.text)")
        // The fixture with the machine's names, paths and times left out.
        detail.summary.id = "bt-test-0000"
        detail.summary.sweepId = "bt-test"
        detail.summary.host = "host"
        detail.summary.path = "/runs/bt-test-0000"
        detail.summary.finishedAt = ""
        model.backtests.detail = detail
        ConsoleRenderer.render(model, on: screen)
        let url = Self.fixtures.appendingPathComponent("console-backtest-detail-80x24.txt")
        if ProcessInfo.processInfo.environment["NJORD_UPDATE_GOLDEN"] == "1" {
            try (screen.text + "\n").write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try #require(try? String(contentsOf: url, encoding: .utf8), "run with NJORD_UPDATE_GOLDEN=1")
        #expect(screen.text + "\n" == expected, "\(screen.text)")

        // A worker stopped by SIGTERM beats `down` on its way out: no worker is alive at once.
        kill(pid, SIGTERM)
        var status: Int32 = 0
        #expect(eventually(within: 10_000) { waitpid(pid, &status, WNOHANG) == pid }, "the worker did not stop")
        workers.removeAll { $0 == pid }
        try poll()
        #expect(model.backtests.workerAlive == false)
    }

    @Test func aRequestTheSweepOptionsRefuseIsRefusedWithTheirReasonAndNothingQueued() throws {
        let scratch = try Scratch()
        let bars = try Self.slice(bars: 10, into: scratch)
        let library = Self.library(bus: nil, port: nil, scratch: scratch, worker: nil)
        #expect {
            try library.launch(Self.request(.sweep, bars, "fast=5:1:1"))
        } throws: { "\($0)".contains("--grid") }
        #expect {
            try library.launch(Self.request(.backtest, scratch.path + "/missing.csv", ""))
        } throws: { "\($0)".contains("no such file") }
        #expect {
            try library.launch(Self.request(.backtest, bars, "fast=5,slow=50"))
        } throws: { "\($0)" == "not connected to Redis" }
        #expect(throws: BacktestLibraryProblem.self) { try library.poll() }
    }

    @Test func queuedJobsWithNoWorkerAliveAskForOneAgainAtMostEvery15Seconds() throws {
        let server = try RedisServerFixture(tcp: false)
        let bus = try RedisBus(options: RedisBusOptions(endpoint: .unix(path: server.socketPath)))
        defer { bus.close() }
        let scratch = try Scratch()
        let bars = try Self.slice(bars: 10, into: scratch)
        let clock = ManualClock(start: SystemClock().now())
        let library = RedisBacktestLibrary(
            bus: { bus },
            spawner: WorkerSpawner(
                executable: scratch.path + "/no-such-worker", runsDir: scratch.path + "/runs", idleExitSeconds: 1,
                claimIdleMilliseconds: 60_000, redisURL: nil, configDir: scratch.path),
            logDir: scratch.path + "/log", clock: clock)
        let launched = try library.launch(Self.request(.backtest, bars, ""))
        #expect(launched.workerPid == nil && launched.description.contains("no worker started"), "\(launched)")
        #expect(try bus.command(["XLEN", Topics.backtestJobs]).integer == 1, "queued even without a worker")
        clock.advance(nanoseconds: 14_000_000_000)
        #expect(try library.poll().notice == nil)
        clock.advance(nanoseconds: 1_000_000_000)
        let notice = try #require(try library.poll().notice)
        #expect(notice.hasPrefix("no worker is alive for 1 queued job(s) and none could be started"), "\(notice)")
        #expect(try library.poll().notice == nil)
    }

    @Test func aPollReadsEachResultOnceThenOnlyCountsThem() throws {
        let server = try RedisServerFixture(tcp: false)
        let bus = try RedisBus(options: RedisBusOptions(endpoint: .unix(path: server.socketPath)))
        defer { bus.close() }
        let scratch = try Scratch()
        let clock = ManualClock(start: SystemClock().now())
        let library = RedisBacktestLibrary(
            bus: { bus },
            spawner: WorkerSpawner(
                runsDir: scratch.path, idleExitSeconds: 1, claimIdleMilliseconds: 60_000, redisURL: nil,
                configDir: scratch.path),
            logDir: scratch.path, clock: clock)
        // 2,000 results of 200 equity points each (~12 kB apiece), as a big sweep leaves them.
        let count = 2_000
        let job = BacktestJob(
            sweepId: "big", index: 0, strategy: "sma_cross", params: ["fast": "5"], data: BacktestJobData(bars: "/x"),
            settings: BacktestJobSettings(fee: "0.001", cash: "100000", fill: "next_open", tick: "0.01", step: "0.01"))
        for start in stride(from: 0, to: count, by: 200) {
            var command = ["HSET", Topics.backtestResultsIndexKey]
            for i in start..<(start + 200) {
                var result = BacktestJobResult(job: job, host: "box", finishedAt: Int64(i), error: nil)
                result.jobId = BacktestJob.jobId(sweepId: "big", index: i)
                result.metrics = ["sharpe": Double(i) / 1_000, "trades": 10]
                result.equity = (0..<200).map { .init(t: Int64($0), equity: "100000.\($0 % 97)") }
                command += [result.jobId, String(decoding: try result.encoded(), as: UTF8.self)]
            }
            _ = try bus.command(command)
        }
        command(bus, "corrupt")
        func timed(_ body: () throws -> BacktestLibrarySnapshot) rethrows -> (BacktestLibrarySnapshot, Double) {
            let start = SystemClock().monotonicNanoseconds()
            let snapshot = try body()
            return (snapshot, Double(SystemClock().monotonicNanoseconds() - start) / 1e6)
        }
        var (first, firstMs) = try timed { try library.poll() }
        #expect(first.results.count + first.undecodable == RedisBacktestLibrary.fetchPerPoll, "a bounded read per poll")
        var polls = 1
        while first.results.count < count, polls < 20 {
            clock.advance(nanoseconds: 500_000_000)
            let (snapshot, ms) = try timed { try library.poll() }
            first = snapshot
            firstMs = max(firstMs, ms)
            polls += 1
        }
        #expect(first.results.count == count && first.undecodable == 1)
        #expect(first.results.map(\.id) == first.results.map(\.id).sorted())
        var steady: [Double] = []
        for _ in 0..<20 {
            clock.advance(nanoseconds: 500_000_000)
            let (snapshot, ms) = try timed { try library.poll() }
            #expect(snapshot == first)
            steady.append(ms)
        }
        steady.sort()
        print(
            "console library poll of \(count) results: read in \(polls) polls of at most "
                + "\(String(format: "%.1f", firstMs)) ms, then median "
                + "\(String(format: "%.2f", steady[10])) ms, max \(String(format: "%.2f", steady[19])) ms (a rescan every 5 s)"
        )
        #expect(library.detail(of: BacktestJob.jobId(sweepId: "big", index: 7))?.equity.count == 200)
    }

    func command(_ bus: RedisBus, _ id: String) {
        _ = try? bus.command(["HSET", Topics.backtestResultsIndexKey, id, "{not json"])
    }

    @Test func theLaunchUsesTheSweepOptionsOfNjordSweep() {
        let store = BacktestLaunchRequest(
            mode: .sweep, strategy: "donchian", source: .store(venue: "binance", symbol: "BTCUSDT"),
            params: "lookback=10:30:10", fee: "0.0005")
        #expect(
            RedisBacktestLibrary.sweepArguments(store, storeRoot: "/srv/store") == [
                "--strategy", "donchian", "--grid", "lookback=10:30:10", "--fee", "0.0005", "--store", "/srv/store",
                "--venue", "binance", "--symbol", "BTCUSDT",
            ])
    }
}
