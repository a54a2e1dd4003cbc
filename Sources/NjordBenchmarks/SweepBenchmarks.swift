import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Sweep scaling: the same 16-job sweep of ftx45k (sma_cross, fast 5…20 × slow 30…60) run by
/// `njord sweep` with 1 and with 2 workers, each on a fresh project Redis (so that the idle
/// workers of one run cannot take the other's jobs); the time is the sweep's own, from queueing
/// to the last result, best of five runs of each (three until the speedup's fixes made each run
/// short enough — a quarter to half a second — that this shared host's slow phases, in which every
/// job takes half as long again, moved the best of three). `sweep_speedup_2_workers` = best time
/// with 1 / best time with 2. The runs come in back-to-back pairs (1 worker, then 2), and the
/// median of the pairs' ratios is kept beside it as `sweep_speedup_2_workers_paired_median`: it
/// shows how far a single pair can stray on this host.
///
/// Every run writes into one runs folder, as a researcher's sweeps do (`var/backtests`): the
/// workers of the first run parse the CSV and keep its columns under `<runs>/.cache/bars`
/// (``BarColumnsCache``), the later runs' workers read those. Each run has its own sweep id, so no
/// job finds another's run folder. Before each run the page cache is flushed (`sync`), so that the
/// writeback of earlier runs' folders falls outside every timed window.
///
/// Beside it, not a target: the same comparison on a 64-job sweep (slow 30…105 by 5), best of three
/// pairs, `sweep_speedup_2_workers_64_jobs`. A 16-job sweep of ftx45k lasts a third of a second on
/// one worker, so each worker's start (spawn, first job) weighs on it; the longer sweep shows the
/// scaling a researcher's larger grids see.
enum SweepBenchmarks {
    static let grid = "fast=5:20:5,slow=30:60:10"
    static let jobs = 16
    static let attempts = 5
    static let longGrid = "fast=5:20:5,slow=30:105:5"
    static let longJobs = 64
    static let longAttempts = 3

    static func run(directory: String, sharedDirectory: String) throws -> [String: Double] {
        let njord = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("njord").path
        let ftx = "\(sharedDirectory)/data/bars/ftx-btc-perp-20211231-20220201_1m.csv"
        guard FileManager.default.isExecutableFile(atPath: njord), FileManager.default.fileExists(atPath: ftx) else {
            print("  (skipping the sweep suite: \(njord) or \(ftx) missing)")
            return [:]
        }
        let (best, ratios) = try pairs(
            njord: njord, bars: ftx, grid: grid, jobs: jobs, attempts: attempts, directory: directory, label: "bench")
        let (longBest, _) = try pairs(
            njord: njord, bars: ftx, grid: longGrid, jobs: longJobs, attempts: longAttempts, directory: directory,
            label: "long")
        // Beside it, the same sweep on workers that already run (as under systemd): started and
        // warmed by a first sweep, then timed with `--no-spawn`. Not a target; it shows how much
        // of the gap to 2× is the cold start of freshly spawned workers.
        var warm: [Int: Double] = [:]
        for workers in [1, 2] {
            warm[workers] = try warmSweepSeconds(
                njord: njord, bars: ftx, workers: workers, directory: "\(directory)/warm-\(workers)")
            print("  \(jobs) jobs, \(workers) warm worker(s): \(String(format: "%.3f", warm[workers]!)) s")
        }
        // The last runs' folders (≈ 50 MB dirty at this point) are not left for the next suite's
        // timed windows to flush.
        sync()
        return [
            "sweep_16_jobs_1_worker_s": best[1]!, "sweep_16_jobs_2_workers_s": best[2]!,
            "sweep_speedup_2_workers": best[1]! / best[2]!,
            "sweep_speedup_2_workers_paired_median": ratios.sorted()[ratios.count / 2],
            "sweep_speedup_2_warm_workers": warm[1]! / warm[2]!,
            "sweep_64_jobs_1_worker_s": longBest[1]!, "sweep_64_jobs_2_workers_s": longBest[2]!,
            "sweep_speedup_2_workers_64_jobs": longBest[1]! / longBest[2]!,
        ]
    }

    /// `attempts` back-to-back pairs of the sweep (1 worker, then 2): the best seconds of each
    /// worker count and every pair's ratio.
    private static func pairs(
        njord: String, bars: String, grid: String, jobs: Int, attempts: Int, directory: String, label: String
    ) throws -> (best: [Int: Double], ratios: [Double]) {
        var best: [Int: Double] = [:]
        var ratios: [Double] = []
        for attempt in 0..<attempts {
            var pair: [Int: Double] = [:]
            for workers in [1, 2] {
                let seconds = try sweepSeconds(
                    njord: njord, bars: bars, grid: grid, jobs: jobs, workers: workers,
                    directory: "\(directory)/\(label)-\(workers)-\(attempt)", runsDir: "\(directory)/runs",
                    sweepId: "\(label)-\(workers)-\(attempt)")
                pair[workers] = seconds
                best[workers] = min(best[workers] ?? .infinity, seconds)
            }
            ratios.append(pair[1]! / pair[2]!)
            print(
                "  \(jobs) jobs: 1 worker \(String(format: "%.3f", pair[1]!)) s, 2 workers "
                    + "\(String(format: "%.3f", pair[2]!)) s, ratio \(String(format: "%.2f", ratios.last!))")
        }
        return (best, ratios)
    }

    /// Best of three 16-job sweeps (each under its own sweep id, so nothing is skipped as done) on
    /// `workers` `njord-worker` processes started beforehand and warmed by one sweep.
    private static func warmSweepSeconds(njord: String, bars: String, workers: Int, directory: String) throws
        -> Double
    {
        let server = try LocalRedisServer()
        defer { server.stop() }
        let workerPath = URL(fileURLWithPath: njord).deletingLastPathComponent().appendingPathComponent("njord-worker")
            .path
        var started: [Process] = []
        defer {
            for process in started where process.isRunning { process.terminate() }
            for process in started { process.waitUntilExit() }
        }
        for n in 0..<workers {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: workerPath)
            process.arguments = [
                "--redis", server.url, "--runs-dir", directory + "/runs", "--idle-exit", "30", "--consumer", "w\(n)",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            started.append(process)
        }
        var best = Double.infinity
        for round in 0..<4 {
            let seconds = try sweepSeconds(
                njord: njord, bars: bars, workers: workers, directory: directory, sweepId: "warm-\(round)",
                redisURL: server.url, extra: ["--no-spawn"])
            if round > 0 { best = min(best, seconds) }
        }
        return best
    }

    private static func sweepSeconds(
        njord: String, bars: String, grid: String, jobs: Int, workers: Int, directory: String, runsDir: String,
        sweepId: String
    ) throws -> Double {
        let server = try LocalRedisServer()
        defer { server.stop() }
        let seconds = try sweepSeconds(
            njord: njord, bars: bars, grid: grid, jobs: jobs, workers: workers, directory: directory,
            sweepId: sweepId, redisURL: server.url, runsDir: runsDir)
        // Let the workers see the idle time and exit before the server they use goes away.
        Thread.sleep(forTimeInterval: 1)
        return seconds
    }

    /// One `njord sweep` run to its end; the sweep's own seconds.
    private static func sweepSeconds(
        njord: String, bars: String, grid: String = Self.grid, jobs: Int = Self.jobs, workers: Int, directory: String,
        sweepId: String, redisURL: String, runsDir: String? = nil, extra: [String] = []
    ) throws -> Double {
        // The run folders of earlier runs (and suites) are still dirty in the page cache; their
        // writeback, due 30 s after the write, would take CPU from whichever run it fell in — from
        // a two-worker run's jobs, while a one-worker run has a core to spare. Flushed here, before
        // the clock starts, each run's window holds only its own work.
        sync()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: njord)
        process.arguments =
            [
                "sweep", "--bars", bars, "--strategy", "sma_cross", "--grid", grid, "--metric", "sharpe", "--redis",
                redisURL, "--workers", String(workers), "--worker-idle-exit", "0.5", "--runs-dir",
                runsDir ?? directory + "/runs", "--log-dir", directory + "/logs", "--sweep-id", sweepId, "--json",
                "--timeout",
                "600",
            ] + extra
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let summary = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let seconds = summary["seconds"] as? Double, (summary["results"] as? [Any])?.count == jobs
        else {
            throw BenchError.unreadableOutput(
                "njord sweep exited \(process.terminationStatus): \(String(decoding: data, as: UTF8.self))")
        }
        return seconds
    }
}
