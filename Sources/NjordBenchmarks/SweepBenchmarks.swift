import Foundation

/// Sweep scaling: the same 16-job sweep of ftx45k (sma_cross, fast 5…20 × slow 30…60) run by
/// `njord sweep` with 1 and with 2 workers, each on a fresh project Redis (so that the idle
/// workers of one run cannot take the other's jobs); the time is the sweep's own, from queueing
/// to the last result, best of three. `sweep_speedup_2_workers` = time with 1 / time with 2.
enum SweepBenchmarks {
    static let grid = "fast=5:20:5,slow=30:60:10"
    static let jobs = 16

    static func run(directory: String, sharedDirectory: String) throws -> [String: Double] {
        let njord = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("njord").path
        let ftx = "\(sharedDirectory)/data/bars/ftx-btc-perp-20211231-20220201_1m.csv"
        guard FileManager.default.isExecutableFile(atPath: njord), FileManager.default.fileExists(atPath: ftx) else {
            print("  (skipping the sweep suite: \(njord) or \(ftx) missing)")
            return [:]
        }
        var best: [Int: Double] = [:]
        for attempt in 0..<3 {
            for workers in [1, 2] {
                let seconds = try sweepSeconds(
                    njord: njord, bars: ftx, workers: workers, directory: "\(directory)/\(workers)-\(attempt)")
                print("  \(jobs) jobs, \(workers) worker(s): \(String(format: "%.3f", seconds)) s")
                best[workers] = min(best[workers] ?? .infinity, seconds)
            }
        }
        return [
            "sweep_16_jobs_1_worker_s": best[1]!, "sweep_16_jobs_2_workers_s": best[2]!,
            "sweep_speedup_2_workers": best[1]! / best[2]!,
        ]
    }

    private static func sweepSeconds(njord: String, bars: String, workers: Int, directory: String) throws -> Double {
        let server = try LocalRedisServer()
        defer { server.stop() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: njord)
        process.arguments = [
            "sweep", "--bars", bars, "--strategy", "sma_cross", "--grid", grid, "--metric", "sharpe", "--redis",
            server.url, "--workers", String(workers), "--worker-idle-exit", "0.5", "--runs-dir", directory + "/runs",
            "--log-dir", directory + "/logs", "--sweep-id", "bench", "--json", "--timeout", "600",
        ]
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
        // Let the workers see the idle time and exit before the server they use goes away.
        Thread.sleep(forTimeInterval: 1)
        return seconds
    }
}
