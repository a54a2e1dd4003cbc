import Foundation
import NjordBacktest
import NjordCore
import NjordExecution
import NjordMarketData
import NjordStrategies

/// Backtest throughput: the SMA(10)/SMA(50) engine over the 1M-bar synthetic series of
/// `<shared>/bench/gen_synth.py` held in memory (best of several runs, parity checked against the
/// peers' satoshi-step figure); the same series imported into a scratch store and read back by the
/// run (load plus replay); a tick run — the recorded BTCUSDT trades replicated, shifted in time,
/// to at least 1M in a scratch store, SMA on 1 s bars from them, fills in the paper matching
/// engine (read plus replay); and the wall time of a whole `njord backtest` process on ftx45k.
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
        // Loading the CSV is a worker's first cost in a sweep, so it is timed too (best of 3).
        var bars = BarSeries()
        var loadBest = Double.infinity
        let loadClock = SystemClock()
        for _ in 0..<3 {
            let started = loadClock.monotonicNanoseconds()
            bars = try BarCSVReader.read(path: synthPath)
            loadBest = min(loadBest, Double(loadClock.monotonicNanoseconds() - started) / 1e9)
        }
        figures["backtest_csv_load_bars_per_s"] = Double(bars.count) / loadBest
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

        figures.merge(try storeFigures(bars: bars, directory: directory), uniquingKeysWith: { $1 })
        figures.merge(try tickFigures(directory: directory, sharedDirectory: sharedDirectory), uniquingKeysWith: { $1 })

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

    /// `backtest_bars_per_s_from_store`: bars / (store read into the series + replay), best of 5.
    static func storeFigures(bars: BarSeries, directory: String) throws -> [String: Double] {
        let root = "\(directory)/bt-store"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = MarketDataStore(root: root)
        try store.write(
            bars.storedBars, venue: "synth", symbol: "SYNTH", kind: .bars(.oneMinute))
        let parameters = try StrategyParameters(parsing: "fast=10,slow=50")
        let config = BacktestConfig(cash: Fixed(100_000), feeRate: try Fixed("0.001"))
        let clock = SystemClock()
        var best = Double.infinity
        var entries = 0
        for _ in 0..<5 {
            let started = clock.monotonicNanoseconds()
            let loaded = try BarSeries.load(store: store, venue: "synth", symbol: "SYNTH", interval: .oneMinute)
            let result = try BacktestRunner.run(
                strategy: SmaCross.name, parameters: parameters, bars: loaded, config: config)
            best = min(best, Double(clock.monotonicNanoseconds() - started) / 1e9)
            entries = result.entries
        }
        print("  synth1M from the store: entries \(entries) (want \(synthEntries))")
        return ["backtest_bars_per_s_from_store": Double(bars.count) / best]
    }

    /// `backtest_from_store_rss_growth_mb`: the resident set's growth while `njord backtest`'s
    /// streamed path (``BacktestRunner/runStore(strategy:parameters:store:venue:symbol:interval:from:to:config:chunkBars:registry:sink:)``
    /// into a ``BacktestRunStream``) runs 5M stored 1 s bars (a seeded random walk, ~58 days) into
    /// a run folder, sampled every chunk from the first chunk to the end; beside it
    /// `backtest_from_store_bars_held_mb`, what the bars would take held as a ``BarSeries``.
    public static func storeMemoryFigures(directory: String) throws -> [String: Double] {
        let count = 5_000_000
        let root = "\(directory)/bt-memory-store"
        defer { BenchSupport.removeTree(root) }
        let store = MarketDataStore(root: root)
        var random = SplitMix64(seed: 20_240_808)
        func next() -> UInt64 { random.next() }
        var close: Int64 = 6_000_000
        try store.write(
            (0..<count).lazy.map { i in
                let open = close
                close = max(1000, open + Int64(next() % 21) - 10)
                let high = max(open, close) + Int64(next() % 5)
                let low = max(1, min(open, close) - Int64(next() % 5))
                return StoredBar(
                    openTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000 + Int64(i) * 1_000_000_000),
                    open: Fixed(raw: Int128(open) * 1_000_000), high: Fixed(raw: Int128(high) * 1_000_000),
                    low: Fixed(raw: Int128(low) * 1_000_000), close: Fixed(raw: Int128(close) * 1_000_000),
                    volume: Fixed(raw: Int128(next() % 10_000_000_000)), trades: 0)
            }, venue: "bench", symbol: "SYN", kind: .bars(.oneSecond))

        let run = "\(directory)/bt-memory-run"
        defer { BenchSupport.removeTree(run) }
        let stream = try BacktestRunStream(directory: run, startingCash: Fixed(100_000), configJSON: "{}")
        var firstResident = 0
        var peakResident = 0
        var chunks = 0
        BenchSupport.releaseFreeMemory()
        let result = try BacktestRunner.runStore(
            strategy: SmaCross.name, parameters: try StrategyParameters(parsing: "fast=50,slow=200"), store: store,
            venue: "bench", symbol: "SYN", interval: .oneSecond,
            config: BacktestConfig(cash: Fixed(100_000), feeRate: try Fixed("0.001"))
        ) { chunk in
            try stream.record(chunk)
            let now = BenchSupport.residentBytes()
            if chunks == 0 { firstResident = now }
            peakResident = max(peakResident, now)
            chunks += 1
        }
        try stream.finish(
            result: result, heading: .init(strategy: SmaCross.name, parameters: "fast=50,slow=200", data: "synthetic"),
            runJSON: "{}")
        peakResident = max(peakResident, BenchSupport.residentBytes())
        guard result.bars == count else {
            throw BacktestBenchmarkError.childFailed(
                command: "streamed run read \(result.bars) of \(count) bars", status: 1)
        }
        let growth = Double(max(0, peakResident - firstResident)) / 1_048_576
        let held = Double(count * 6 * MemoryLayout<Int64>.stride) / 1_048_576
        print(
            "  5M stored 1s bars streamed: \(chunks) chunks, entries \(result.entries), RSS growth "
                + String(format: "%.1f MiB (holding the bars: %.0f MiB)", growth, held))
        return ["backtest_from_store_rss_growth_mb": growth, "backtest_from_store_bars_held_mb": held]
    }

    /// `backtest_ticks_per_s`: trades / (store read + aggregation + strategy + matching), best of 3.
    static func tickFigures(directory: String, sharedDirectory: String) throws -> [String: Double] {
        let csv =
            "\(sharedDirectory)/data/trades/derived-binance-spot-BTCUSDT-trades-20240808T235415Z-20240809T000505Z.csv"
        guard FileManager.default.fileExists(atPath: csv) else {
            print("  (skipping backtest_ticks_per_s: \(csv) missing)")
            return [:]
        }
        let recorded = try StoreCSVImporter.read(file: csv).trades.sorted { $0.time < $1.time }
        guard let first = recorded.first, let final = recorded.last else { return [:] }
        let span = final.time.nanosecondsSinceEpoch - first.time.nanosecondsSinceEpoch + 1_000_000
        let copies = (1_000_000 + recorded.count - 1) / recorded.count
        let root = "\(directory)/bt-ticks"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = MarketDataStore(root: root)
        try store.write(
            (0..<copies).lazy.flatMap { k in
                recorded.lazy.map { trade in
                    var shifted = trade
                    shifted.time = Timestamp(nanosecondsSinceEpoch: trade.time.nanosecondsSinceEpoch + Int64(k) * span)
                    shifted.tradeId = trade.tradeId + Int64(k * recorded.count)
                    return shifted
                }
            }, venue: "bench", symbol: "BTCUSDT", kind: .trades)
        let parameters = try StrategyParameters(parsing: "fast=10,slow=50")
        var config = BacktestConfig(cash: Fixed(100_000), feeRate: try Fixed("0.001"))
        config.fillOptions = try FillModelOptions(volumeCap: try Fixed("0.1"))
        var best = Double.infinity
        var last: BacktestResult?
        for _ in 0..<3 {
            let run = try BacktestRunner.runTicks(
                strategy: SmaCross.name, parameters: parameters, store: store, venue: "bench", symbol: "BTCUSDT",
                config: config)
            best = min(best, run.result.runSeconds)
            last = run.result
        }
        guard let result = last else { return [:] }
        print(
            "  ticks: \(result.ticks) trades → \(result.bars) 1s bars, entries \(result.entries), "
                + "final equity \(result.finalEquity)")
        return ["backtest_ticks_per_s": Double(result.ticks) / best]
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
