import NjordCore
import NjordJournal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Journal throughput: appends under both durability policies and read-back, in events per second,
/// with ~150-byte trade-like records.
public enum JournalBenchmarks {
    public static func run(directory: String) throws -> [String: Double] {
        let clock = SystemClock()
        let root = "\(directory)/journal-bench-\(getpid())-\(clock.monotonicNanoseconds())"
        defer { BenchSupport.removeTree(root) }
        let records = (0..<1024).map(tradeRecord)

        let fsyncCount = 3_000
        let fsyncEach = try JournalWriter(
            root: root, stream: "bench.fsync", durability: .fsyncEachEvent, clock: clock)
        let fsyncSeconds = try BenchSupport.seconds(clock) {
            for i in 0..<fsyncCount { try fsyncEach.append(records[i & 1023]) }
            try fsyncEach.close()
        }

        let groupCount = 1_000_000
        let group = try JournalWriter(
            root: root, stream: "bench.group",
            durability: .groupCommit(intervalNanoseconds: 5_000_000, maxBatch: 8192), clock: clock)
        let bytes = records.map { Array($0.utf8) }
        let groupSeconds = try BenchSupport.seconds(clock) {
            for i in 0..<groupCount { try group.append(bytes[i & 1023]) }
            try group.close()
        }

        var read = 0
        let readSeconds = try BenchSupport.seconds(clock) {
            let reader = try JournalReader(root: root, stream: "bench.group")
            try reader.forEachRecord { record, _ in read &+= record.count > 0 ? 1 : 0 }
        }
        guard read == groupCount else {
            throw JournalError.system(
                call: "bench read-back (\(read) of \(groupCount))", path: root, errno: EIO)
        }

        return [
            "journal_append_per_s_fsync_each": Double(fsyncCount) / fsyncSeconds,
            "journal_append_per_s_group_commit": Double(groupCount) / groupSeconds,
            "journal_read_per_s": Double(groupCount) / readSeconds,
        ]
    }

    private static func tradeRecord(_ i: Int) -> String {
        let price = 6_000_000 + (i * 37) % 10_000
        return #"{"type":"trade","symbol":"BTCUSDT","id":\#(4_000_000_000 + i),"#
            + #""price":"\#(price / 100).\#(price % 100 < 10 ? "0" : "")\#(price % 100)","qty":"0.\#(1000 + i % 9000)","#
            + #""side":"\#(i % 2 == 0 ? "buy" : "sell")","maker":\#(i % 3 == 0),"venue":"binance","#
            + #""ts":\#(1_723_161_905_800 + i)}"#
    }

}
