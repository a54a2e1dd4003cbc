import Foundation
import NjordBacktest
import NjordCore
import NjordStrategies

/// Backtest throughput: the SMA(10)/SMA(50) engine over the 1M-bar synthetic series of
/// `<shared>/bench/gen_synth.py` held in memory (best of several runs, parity checked against the
/// peers' satoshi-step figure), and the wall time of a whole `njord backtest` process on ftx45k.
public enum BacktestBenchmarks {
    static let synthEntries = 11_505
    static let synthEquity = 201_301.460171
    static let synthTolerance = 0.0005

    public static func run(directory: String, sharedDirectory: String) throws -> [String: Double] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var figures: [String: Double] = [:]

        let synthPath = "\(directory)/synth_1m_1M.csv"
        if !FileManager.default.fileExists(atPath: synthPath) {
            try runProcess(
                "/usr/bin/env", ["python3", "\(sharedDirectory)/bench/gen_synth.py", "--out", directory])
        }
        let bars = try BarCSVReader.read(path: synthPath)
        let parameters = try StrategyParameters(parsing: "fast=10,slow=50")
        let config = BacktestConfig(cash: Fixed(100_000), feeRate: try Fixed("0.001"))
        var best = Double.infinity
        var last: BacktestResult?
        for _ in 0..<7 {
            let result = try BacktestRunner.run(
                strategy: SmaCross.name, parameters: parameters, bars: bars, config: config)
            best = min(best, result.runSeconds)
            last = result
        }
        if let result = last {
            let parity =
                result.entries == synthEntries && abs(result.finalEquity.doubleValue - synthEquity) <= synthTolerance
            print(
                "  synth1M: \(result.bars) bars, entries \(result.entries) (want \(synthEntries)), final equity "
                    + "\(result.finalEquity) (want \(synthEquity) ± \(synthTolerance)): \(parity ? "parity ok" : "PARITY FAILED")"
            )
            figures["backtest_synth1m_parity"] = parity ? 1 : 0
            figures["backtest_bars_per_s"] = Double(result.bars) / best
        }

        let njord = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("njord").path
        let ftx = "\(sharedDirectory)/data/bars/ftx-btc-perp-20211231-20220201_1m.csv"
        if FileManager.default.isExecutableFile(atPath: njord), FileManager.default.fileExists(atPath: ftx) {
            var wall = Double.infinity
            let clock = SystemClock()
            for i in 0..<3 {
                let started = clock.monotonicNanoseconds()
                try runProcess(
                    njord,
                    [
                        "backtest", "--bars", ftx, "--strategy", "sma_cross", "--params", "fast=10,slow=50", "--fee",
                        "0.001", "--cash", "100000", "--fill", "next_open", "--json", "--runs-dir",
                        "\(directory)/runs", "--run-id", "ftx45k-\(i)",
                    ], quiet: true)
                wall = min(wall, Double(clock.monotonicNanoseconds() - started) / 1e9)
            }
            figures["backtest_ftx45k_process_s"] = wall
        } else {
            print("  (skipping backtest_ftx45k_process_s: \(njord) or \(ftx) missing)")
        }
        return figures
    }

    private static func runProcess(_ executable: String, _ arguments: [String], quiet: Bool = false) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if quiet { process.standardOutput = FileHandle.nullDevice }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BacktestBenchmarkError.childFailed(
                command: ([executable] + arguments).joined(separator: " "), status: process.terminationStatus)
        }
    }
}

/// Why a backtest benchmark could not run.
enum BacktestBenchmarkError: Error, CustomStringConvertible {
    /// A child process (the data generator or `njord backtest`) exited non-zero.
    case childFailed(command: String, status: Int32)

    var description: String {
        switch self {
        case .childFailed(let command, let status): "\(command) exited with status \(status)"
        }
    }
}
