import Foundation
import NjordApp
import NjordBacktest
import NjordCore
import NjordCrypto
import NjordRedis
import NjordTestSupport
import Testing

@testable import NjordSweep

/// `njord sweep` and `njord-worker` against a real Redis, as built binaries.
@Suite(.serialized) struct SweepCommandTests {
    static let ftx45k = SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv").path

    /// A scratch folder removed at the end of the test.
    final class Scratch {
        let path = NSTemporaryDirectory() + "njord-sweep-\(UInt32.random(in: 0...UInt32.max))"
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// An `njord-worker` started by the test, output to a log file, killed with SIGKILL at the end.
    final class Worker {
        let process = Process()
        let log: String

        init(redis: String, runsDir: String, log: String, claimIdleMs: Int, idleExit: Double = 30) throws {
            let njord = try #require(NjordBinary.path(), "njord binary not found; run swift build --build-tests")
            let binary = URL(fileURLWithPath: njord).deletingLastPathComponent().appendingPathComponent("njord-worker")
            self.log = log
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.executableURL = binary
            process.arguments = [
                "--redis", redis, "--runs-dir", runsDir, "--claim-idle-ms", String(claimIdleMs), "--idle-exit",
                String(idleExit),
            ]
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        var pid: Int32 { process.processIdentifier }
        var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

        func kill(_ signal: Int32) { Glibc.kill(pid, signal) }

        deinit {
            if process.isRunning {
                Glibc.kill(pid, SIGKILL)
                process.waitUntilExit()
            }
        }
    }

    static func sweepArguments(redis: String, runsDir: String, sweepId: String, grid: String) -> [String] {
        [
            "sweep", "--bars", ftx45k, "--strategy", "sma_cross", "--grid", grid, "--metric", "sharpe",
            "--fee", "0.001", "--cash", "100000", "--redis", redis, "--runs-dir", runsDir, "--sweep-id", sweepId,
            "--json", "--timeout", "300",
        ]
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    /// Each job id's result document from the results index.
    static func results(_ connection: RedisConnection) throws -> [String: [String: Any]] {
        let pairs = try connection.command(["HGETALL", Topics.backtestResultsIndexKey]).array ?? []
        var out: [String: [String: Any]] = [:]
        for i in stride(from: 0, to: pairs.count - 1, by: 2) {
            out[try #require(pairs[i].string)] = try json(try #require(pairs[i + 1].string))
        }
        return out
    }

    @Test func sweepWithTwoWorkersOneKilledMidSweepCompletesEveryJobExactlyOnce() throws {
        let server = try RedisServerFixture()
        let redis = "redis://127.0.0.1:\(try #require(server.port))"
        let scratch = try Scratch()
        let runsDir = scratch.path + "/runs"
        let connection = try RedisConnection(endpoint: .unix(path: server.socketPath))
        let grid = "fast=5:15:5,slow=30:60:10"  // 3 × 4 = 12 jobs
        let sweep = try NjordProcess(
            Self.sweepArguments(redis: redis, runsDir: runsDir, sweepId: "kill", grid: grid) + ["--no-spawn"])
        let doomed = try Worker(redis: redis, runsDir: runsDir, log: scratch.path + "/a.log", claimIdleMs: 1500)
        let survivor = try Worker(redis: redis, runsDir: runsDir, log: scratch.path + "/b.log", claimIdleMs: 1500)

        // Freeze the doomed worker; if it is in the middle of a job (its entry in the running
        // hash), kill it there, else let it go on and look again.
        var killedJob: String?
        let caught = eventually(within: 60_000) {
            doomed.kill(SIGSTOP)
            let running = (try? connection.command(["HGETALL", Topics.backtestRunningKey]).array) ?? []
            for i in stride(from: 1, to: running.count, by: 2) {
                if let text = running[i].string, let progress = try? Self.json(text),
                    (progress["pid"] as? NSNumber)?.int32Value == doomed.pid
                {
                    killedJob = progress["job_id"] as? String
                }
            }
            if killedJob != nil {
                doomed.kill(SIGKILL)
                return true
            }
            doomed.kill(SIGCONT)
            return false
        }
        #expect(caught, "never saw the doomed worker in the middle of a job\n\(doomed.output)")

        let finished = sweep.finish(within: 300)
        #expect(finished.status == 0, "\(finished)\n\(survivor.output)")
        let summary = try Self.json(finished.stdout)
        let ranked = try #require(summary["results"] as? [[String: Any]])
        #expect(ranked.count == 12)

        let results = try Self.results(connection)
        let jobIds = (0..<12).map { BacktestJob.jobId(sweepId: "kill", index: $0) }
        #expect(Set(results.keys) == Set(jobIds), "every job id has exactly one result")
        #expect(try connection.command(["HGET", Topics.backtestSweepDoneKey, "kill"]).string == "12")
        let listing = try Self.json(try NjordProcess.run(["sweeps", "--json", "--redis", redis]).stdout)
        let sweeps = try #require(listing["sweeps"] as? [[String: Any]])
        #expect(sweeps.count == 1 && sweeps[0]["sweep_id"] as? String == "kill")
        #expect(sweeps[0]["jobs"] as? Int == 12 && sweeps[0]["done"] as? Int == 12)
        #expect(
            try connection.command(["XPENDING", Topics.backtestJobs, Topics.backtestWorkersGroup]).array?.first?.integer
                == 0)
        let killed = try #require(killedJob)
        let takenOver = try #require(results[killed])
        #expect((takenOver["pid"] as? NSNumber)?.int32Value == survivor.pid, "the killed worker's job was taken over")
        #expect(survivor.output.contains("claimed"), "\(survivor.output)")
        let staged = (try? FileManager.default.contentsOfDirectory(atPath: runsDir + "/.staging")) ?? []
        #expect(!staged.contains { $0.hasPrefix(killed + "-") }, "the killed worker's half-written folder is removed")

        // Each result's metrics are those of a direct `njord backtest` with the same parameters.
        for id in jobIds {
            let result = try #require(results[id])
            #expect(result["error"] is NSNull, "\(id): \(result["error"] ?? "")")
            let params = try #require(result["params"] as? [String: String])
            let direct = try NjordProcess.run([
                "backtest", "--bars", Self.ftx45k, "--strategy", "sma_cross",
                "--params", "fast=\(params["fast"]!),slow=\(params["slow"]!)", "--fee", "0.001", "--cash", "100000",
                "--runs-dir", scratch.path + "/direct", "--run-id", id, "--json",
            ])
            #expect(direct.status == 0, "\(direct)")
            let expected = try #require(try Self.json(direct.stdout)["metrics"] as? [String: Any])
            let got = try #require(result["metrics"] as? [String: Any])
            #expect(NSDictionary(dictionary: got).isEqual(to: expected), "\(id): \(got) != \(expected)")
            #expect(result["final_equity"] as? String == (try Self.json(direct.stdout)["final_equity"] as? String))
            let runDir = try #require(result["run_dir"] as? String)
            for name in BacktestRunWriter.deterministicFiles {
                let a = try Data(contentsOf: URL(fileURLWithPath: "\(runDir)/\(name)"))
                let b = try Data(contentsOf: URL(fileURLWithPath: "\(scratch.path)/direct/\(id)/\(name)"))
                #expect(a == b, "\(id)/\(name) differs from the direct run's")
            }
            let points = try #require(result["equity"] as? [[String: Any]])
            #expect(points.count == BacktestJobResult.maximumEquityPoints)
        }
    }

    @Test func aJobWhoseResultExistsIsAcknowledgedWithoutRunningAgain() throws {
        let server = try RedisServerFixture()
        let redis = "redis://127.0.0.1:\(try #require(server.port))"
        let scratch = try Scratch()
        let connection = try RedisConnection(endpoint: .unix(path: server.socketPath))
        let job = BacktestJob(
            sweepId: "twice", index: 0, strategy: "sma_cross", params: ["fast": "10", "slow": "50"],
            data: BacktestJobData(bars: Self.ftx45k),
            settings: BacktestJobSettings(
                fee: "0.001", cash: "100000", fill: "next_open", tick: "0.00000001", step: "0.00000001"))
        let payload = String(decoding: try job.encoded(), as: UTF8.self)
        _ = try connection.command([
            "XGROUP", "CREATE", Topics.backtestJobs, Topics.backtestWorkersGroup, "0", "MKSTREAM",
        ])
        for _ in 0..<2 { _ = try connection.command(["XADD", Topics.backtestJobs, "*", "e", payload]) }
        _ = try connection.command(["XADD", Topics.backtestJobs, "*", "e", "{\"not\":\"a job\"}"])

        let worker = try Worker(
            redis: redis, runsDir: scratch.path + "/runs", log: scratch.path + "/w.log", claimIdleMs: 60_000,
            idleExit: 1)
        #expect(eventually(within: 60_000) { !worker.process.isRunning }, "\(worker.output)")
        #expect(
            try connection.command(["XPENDING", Topics.backtestJobs, Topics.backtestWorkersGroup]).array?.first?.integer
                == 0)
        #expect(worker.output.contains("ran 1, failed 0, skipped 1, claimed 0, undecodable 1"), "\(worker.output)")
        #expect(try connection.command(["HLEN", Topics.backtestResultsIndexKey]).integer == 1)
        #expect(try connection.command(["HGET", Topics.backtestSweepDoneKey, "twice"]).string == "1")
        let result = try Self.json(
            try #require(try connection.command(["HGET", Topics.backtestResultsIndexKey, job.jobId]).string))
        #expect(result["final_equity"] as? String == "26159.69474474")

        let listing = try NjordProcess.run(["sweeps", "--json", "--redis", redis])
        #expect(listing.status == 0, "\(listing)")
        let listed = try Self.json(listing.stdout)
        #expect((listed["running"] as? [Any])?.isEmpty == true, "\(listing)")
    }

    @Test func aJobThatKeepsKillingItsWorkersIsFailedInsteadOfRunAgain() throws {
        let server = try RedisServerFixture()
        let redis = "redis://127.0.0.1:\(try #require(server.port))"
        let scratch = try Scratch()
        let connection = try RedisConnection(endpoint: .unix(path: server.socketPath))
        let job = BacktestJob(
            sweepId: "poison", index: 0, strategy: "sma_cross", params: ["fast": "10", "slow": "50"],
            data: BacktestJobData(bars: Self.ftx45k),
            settings: BacktestJobSettings(
                fee: "0.001", cash: "100000", fill: "next_open", tick: "0.00000001", step: "0.00000001"))
        _ = try connection.command([
            "XGROUP", "CREATE", Topics.backtestJobs, Topics.backtestWorkersGroup, "0", "MKSTREAM",
        ])
        let id = try #require(
            try connection.command([
                "XADD", Topics.backtestJobs, "*", "e", String(decoding: try job.encoded(), as: UTF8.self),
            ]).string)
        // Three workers took it and died: one read and two take-overs, all unacknowledged.
        _ = try connection.command([
            "XREADGROUP", "GROUP", Topics.backtestWorkersGroup, "ghost-1", "COUNT", "1", "STREAMS", Topics.backtestJobs,
            ">",
        ])
        for ghost in ["ghost-2", "ghost-3"] {
            _ = try connection.command(["XCLAIM", Topics.backtestJobs, Topics.backtestWorkersGroup, ghost, "0", id])
        }

        let worker = try Worker(
            redis: redis, runsDir: scratch.path + "/runs", log: scratch.path + "/w.log", claimIdleMs: 1, idleExit: 1)
        #expect(eventually(within: 60_000) { !worker.process.isRunning }, "\(worker.output)")
        let result = try Self.json(
            try #require(try connection.command(["HGET", Topics.backtestResultsIndexKey, job.jobId]).string))
        #expect((result["error"] as? String)?.contains("delivered 4 times") == true, "\(result)")
        #expect(result["run_dir"] is NSNull)
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/runs/" + job.jobId))
        #expect(
            try connection.command(["XPENDING", Topics.backtestJobs, Topics.backtestWorkersGroup]).array?.first?.integer
                == 0)
    }

    @Test func workersStartedForASweepThatQueuesNothingAreStoppedAtOnce() throws {
        let server = try RedisServerFixture()
        let redis = "redis://127.0.0.1:\(try #require(server.port))"
        let scratch = try Scratch()
        let runsDir = scratch.path + "/runs"
        // sma_cross refuses slow ≤ fast: every set of this grid, so nothing can be queued.
        let run = try NjordProcess(
            Self.sweepArguments(redis: redis, runsDir: runsDir, sweepId: "none", grid: "fast=50:60:10,slow=10:20:10")
                + ["--workers", "2", "--worker-idle-exit", "300", "--log-dir", scratch.path + "/logs"]
        ).finish(within: 60)
        #expect(run.status != 0)
        #expect(run.stderr.contains("refuses every parameter set"), "\(run)")
        // Their idle exit is 5 minutes away: gone now, they were stopped by the sweep that started them.
        func workersAlive() -> Int {
            let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return pids.filter { pid in
                guard Int32(pid) != nil,
                    let line = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)
                else { return false }
                return line.contains("njord-worker") && line.contains(runsDir)
            }.count
        }
        #expect(eventually(within: 20_000) { workersAlive() == 0 })
    }

    @Test func oneAndTwoWorkersGiveIdenticalDigests() throws {
        let scratch = try Scratch()
        var digests: [[String]] = []
        for workers in [1, 2] {
            let server = try RedisServerFixture()
            let redis = "redis://127.0.0.1:\(try #require(server.port))"
            let runsDir = "\(scratch.path)/runs-\(workers)"
            let run = try NjordProcess(
                Self.sweepArguments(
                    redis: redis, runsDir: runsDir, sweepId: "w\(workers)", grid: "fast=5:10:5,slow=30:60:10")
                    + ["--workers", String(workers), "--worker-idle-exit", "1", "--log-dir", scratch.path + "/logs"]
            ).finish(within: 300)
            #expect(run.status == 0, "\(run)")
            let summary = try Self.json(run.stdout)
            #expect(summary["workers"] as? Int == workers)
            #expect((summary["results"] as? [Any])?.count == 8)
            var files: [String] = []
            for index in 0..<8 {
                for name in BacktestRunWriter.deterministicFiles {
                    let path = "\(runsDir)/\(BacktestJob.jobId(sweepId: "w\(workers)", index: index))/\(name)"
                    files.append(try SHA256.hex(ofFileAt: path))
                }
            }
            digests.append(files)
        }
        #expect(digests[0].count == 8 * BacktestRunWriter.deterministicFiles.count)
        #expect(digests[0] == digests[1])
    }
}
