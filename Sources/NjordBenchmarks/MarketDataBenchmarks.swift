import Foundation
import NjordCore
import NjordMarketData

/// Market-data replay throughput, in frames per second: the real BTCUSDT capture pair (≈99.5k
/// frames: trades, depth diffs, book tickers and the REST snapshot) read from disk, parsed and fed
/// through the local book and the trade deduper.
///
/// `md_replay_frames_per_s` reads a PLAIN copy (the two .gz decompressed once into the scratch
/// directory, outside the timing); `md_replay_frames_per_s_gzip` reads the .gz files themselves.
/// Each pass replays the whole pair into a FRESH book (the data holds one session, so repeating it
/// into the same book would only exercise the stale-drop path); passes repeat until at least
/// 1M frames were replayed. Every pass must end gap-free at the same update id, or the figure is void.
public enum MarketDataBenchmarks {
    static let captures = ["btcusdt_20240808.gz", "btcusdt_20240809.gz"]
    static let minimumFrames = 1_000_000

    public static func run(directory: String, sharedDirectory: String? = nil) throws -> [String: Double] {
        let shared =
            sharedDirectory
            ?? ProcessInfo.processInfo.environment["NJORD_SHARED_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "../shared"
        let gzipFiles = captures.map { "\(shared)/data/binance-ws/hftbacktest-raw/spot/\($0)" }
        for path in gzipFiles where !FileManager.default.fileExists(atPath: path) {
            throw MarketDataBenchmarkError.missingCapture(path)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let plain = "\(directory)/btcusdt_20240808-09.capture"
        defer { try? FileManager.default.removeItem(atPath: plain) }
        try decompress(gzipFiles, to: plain)

        let clock = SystemClock()
        return [
            "md_replay_frames_per_s": try framesPerSecond(files: [plain], clock: clock),
            "md_replay_frames_per_s_gzip": try framesPerSecond(files: gzipFiles, clock: clock),
        ]
    }

    private static func framesPerSecond(files: [String], clock: SystemClock) throws -> Double {
        var frames = 0
        var expectedUpdateId: Int64?
        let start = clock.monotonicNanoseconds()
        while frames < minimumFrames {
            var replay = MarketDataReplay(symbol: "BTCUSDT")
            try CaptureReplayer.replay(files: files, into: &replay)
            let book = replay.book
            guard book.counters.gaps == 0, book.counters.applied > 0,
                replay.stats.parseErrors == 0, expectedUpdateId == nil || expectedUpdateId == book.lastUpdateId
            else {
                throw MarketDataBenchmarkError.replayMismatch(
                    "gaps \(book.counters.gaps), applied \(book.counters.applied), parse errors \(replay.stats.parseErrors)"
                )
            }
            expectedUpdateId = book.lastUpdateId
            frames += replay.stats.frames
        }
        let seconds = Double(clock.monotonicNanoseconds() - start) / 1e9
        return Double(frames) / seconds
    }

    private static func decompress(_ files: [String], to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let out = FileHandle(forWritingAtPath: path)
        else { throw MarketDataBenchmarkError.cannotWrite(path) }
        defer { try? out.close() }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(8 << 20)
        try CaptureReplayer.forEachLine(in: files) { line in
            chunk.append(contentsOf: line)
            chunk.append(0x0A)
            if chunk.count >= 4 << 20 {
                out.write(Data(chunk))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        out.write(Data(chunk))
    }
}

/// Why the market-data benchmark could not produce a figure.
enum MarketDataBenchmarkError: Error, CustomStringConvertible {
    /// A capture file of the shared data is missing (set NJORD_SHARED_DIR).
    case missingCapture(String)
    /// The scratch file could not be created.
    case cannotWrite(String)
    /// A replay pass did not rebuild the book cleanly; the figure would be meaningless.
    case replayMismatch(String)

    var description: String {
        switch self {
        case .missingCapture(let path): "capture not found: \(path) (set NJORD_SHARED_DIR)"
        case .cannotWrite(let path): "cannot write \(path)"
        case .replayMismatch(let detail): "replay pass did not rebuild the book cleanly: \(detail)"
        }
    }
}
