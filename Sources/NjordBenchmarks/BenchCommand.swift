public import ArgumentParser
import Foundation

/// `njord-bench`: runs the benchmark suites and merges their figures into one JSON object
/// (`var/bench/latest.json` by default), so that every issue's benchmarks share one file.
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "njord-bench",
        abstract: "Run Njord Quant's benchmarks and merge their figures into a JSON file.")

    @Option(help: "The JSON file the figures merge into.")
    var output = "var/bench/latest.json"

    @Option(
        help: "Run only these suites (comma-separated): \(BenchSuite.allCases.map(\.rawValue).joined(separator: ", "))."
    )
    var only: String?

    @Option(help: "Scratch directory for benchmark files (default: a fresh temporary folder).")
    var workDir: String?

    public init() {}

    public func validate() throws {
        if let only {
            for name in only.split(separator: ",") where BenchSuite(rawValue: String(name)) == nil {
                throw ValidationError("unknown suite '\(name)'")
            }
        }
    }

    public func run() async throws {
        let suites =
            only.map { $0.split(separator: ",").compactMap { BenchSuite(rawValue: String($0)) } }
            ?? BenchSuite.allCases
        let scratch = workDir ?? NSTemporaryDirectory() + "njord-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { if workDir == nil { try? FileManager.default.removeItem(atPath: scratch) } }

        var figures: [String: Double] = [:]
        for suite in suites {
            print("== \(suite.rawValue)")
            let measured = try suite.run(scratch: scratch + "/" + suite.rawValue)
            for key in measured.keys.sorted() {
                print(BenchTargets.line(key, measured[key]!))
            }
            figures.merge(measured) { _, new in new }
        }
        try BenchReport.merge(figures, into: output)
        print("merged \(figures.count) figures into \(output)")
    }
}

/// The benchmark suites, in the order they run.
enum BenchSuite: String, CaseIterable {
    case journal, contracts, bus, md, store, sim, risk, backtest, sweep, console, pipeline
    /// The streamed backtest's memory figure, in a suite of its own so it can run alone.
    case backtestMemory = "backtest-memory"

    func run(scratch: String) throws -> [String: Double] {
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        switch self {
        case .journal: return try JournalBenchmarks.run(directory: scratch)
        case .contracts: return try ContractBenchmarks.run()
        case .bus: return try BusBenchmarks.run()
        case .md: return try MarketDataBenchmarks.run(directory: scratch)
        case .store: return try StoreBenchmarks.run(directory: scratch)
        case .sim: return try MarketSimBenchmarks.run()
        case .risk: return RiskBenchmarks.run()
        case .backtest:
            let shared = ProcessInfo.processInfo.environment["NJORD_SHARED_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            return try BacktestBenchmarks.run(directory: scratch, sharedDirectory: shared ?? "../shared")
        case .console: return ConsoleBenchmarks.run()
        case .sweep:
            let shared = ProcessInfo.processInfo.environment["NJORD_SHARED_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            return try SweepBenchmarks.run(directory: scratch, sharedDirectory: shared ?? "../shared")
        case .pipeline: return try PipelineBenchmarks.run(directory: scratch)
        case .backtestMemory: return try BacktestBenchmarks.storeMemoryFigures(directory: scratch)
        }
    }
}

/// The targets the issues set, printed beside each figure so a miss is visible in the output.
enum BenchTargets {
    /// Figure name → (minimum or maximum, value).
    static let targets: [String: (atLeast: Bool, value: Double)] = [
        "journal_append_per_s_group_commit": (true, 1_000_000),
        "journal_read_per_s": (true, 3_000_000),
        "contract_decode_trades_per_s": (true, 2_000_000),
        "md_replay_frames_per_s": (true, 1_000_000),
        "store_read_trades_per_s": (true, 20_000_000),
        "store_read_bars_per_s": (true, 20_000_000),
        // Flat memory when streaming: the resident set grows by block buffers, not by records.
        "store_stream_rss_growth_mb_5m_trades": (false, 16),
        "backtest_bars_per_s": (true, 20_000_000),
        "backtest_ticks_per_s": (true, 10_000_000),
        "backtest_ftx45k_process_s": (false, 0.2),
        // Flat memory when a backtest streams stored bars: chunk buffers, not bars.
        "backtest_from_store_rss_growth_mb": (false, 16),
        "bus_pubsub_vs_redis_benchmark": (true, 0.6),
        "bus_stream_msgs_per_s": (true, 300_000),
        "bus_3hop_p99_us_at_10k": (false, 1_000),
        "console_cpu_pct_at_20k": (false, 10),
        "console_frame_ms_p99": (false, 2),
        "sweep_speedup_2_workers": (true, 1.8),
        "pipeline_tick_to_fill_p50_us_at_1k": (false, 300),
        "pipeline_tick_to_fill_p99_us_at_1k": (false, 2_000),
        "pipeline_tick_to_fill_p50_us_at_10k": (false, 300),
        "pipeline_tick_to_fill_p99_us_at_10k": (false, 2_000),
    ]

    static func line(_ key: String, _ value: Double) -> String {
        let figure = value >= 1000 ? String(format: "%.0f", value) : String(format: "%.4f", value)
        guard let target = targets[key] else { return "  \(key) = \(figure)" }
        let met = target.atLeast ? value >= target.value : value <= target.value
        let ratio = target.atLeast ? value / target.value : target.value / value
        let goal = target.value >= 100 ? String(format: "%.0f", target.value) : String(format: "%g", target.value)
        return "  \(key) = \(figure)  (target \(target.atLeast ? ">=" : "<=") \(goal): "
            + "\(met ? "met" : "MISSED"), \(String(format: "%.2f", ratio))x)"
    }
}

/// Reads, updates and rewrites the shared figures file.
enum BenchReport {
    static func merge(_ figures: [String: Double], into path: String) throws {
        var merged: [String: Any] = [:]
        if let data = FileManager.default.contents(atPath: path), !data.isEmpty {
            guard let existing = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ValidationError("\(path): not a JSON object; refusing to overwrite it")
            }
            merged = existing
        }
        for (key, value) in figures { merged[key] = value }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let data = try JSONSerialization.data(withJSONObject: merged, options: [.prettyPrinted, .sortedKeys])
        try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
