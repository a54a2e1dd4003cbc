import NjordCore
import NjordMarketData

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Store throughput: writing and reading back ≥5M synthetic trades and bars (a seeded random walk
/// on a 0.01 tick), read through the typed block reader with a field summed so nothing is elided.
public enum StoreBenchmarks {
    public static func run(directory: String) throws -> [String: Double] {
        let clock = SystemClock()
        let root = "\(directory)/store-bench-\(getpid())-\(clock.monotonicNanoseconds())"
        defer { BenchSupport.removeTree(root) }
        let store = MarketDataStore(root: root)
        let count = 5_000_000

        var rng = SplitMix64(seed: 20_240_808)
        // Trades: ~17 ms apart (5M span ~1 day), price walks ±3 ticks around 60000, qty 0.00001..1.
        var trades: [StoredTrade] = []
        trades.reserveCapacity(count)
        var tradeTime: Int64 = 1_723_075_200_000_000_000
        var ticks: Int64 = 6_000_000
        for i in 0..<count {
            tradeTime += Int64(rng.next() % 34) * 1_000_000
            ticks += Int64(rng.next() % 7) - 3
            trades.append(
                StoredTrade(
                    time: Timestamp(nanosecondsSinceEpoch: tradeTime), tradeId: 3_700_000_000 + Int64(i),
                    price: Fixed(raw: Int128(ticks) * 1_000_000),
                    qty: Fixed(raw: Int128(1_000 + rng.next() % 100_000_000)),
                    side: rng.next() & 1 == 0 ? .buy : .sell))
        }
        let writeSeconds = try BenchSupport.seconds(clock) {
            try store.write(trades, venue: "bench", symbol: "SYN", kind: .trades)
        }
        trades = []
        var tradeSum: Int128 = 0
        var tradesRead = 0
        let readSeconds = try BenchSupport.seconds(clock) {
            try store.forEachBlock(of: StoredTrade.self, venue: "bench", symbol: "SYN", kind: .trades) { block in
                for t in block { tradeSum &+= t.price.raw }
                tradesRead += block.count
            }
        }

        // Memory while streaming, in a pass of its own so that sampling does not touch the timing:
        // the growth of the resident set from the first block to the end. Flat means block buffers
        // only — the records themselves would take `count × stride` held in an array.
        var firstResident = 0
        var peakResident = 0
        var blocks = 0
        BenchSupport.releaseFreeMemory()
        try store.forEachBlock(of: StoredTrade.self, venue: "bench", symbol: "SYN", kind: .trades) { block in
            if blocks % 16 == 0 {
                let now = BenchSupport.residentBytes()
                if blocks == 0 { firstResident = now }
                peakResident = max(peakResident, now)
            }
            blocks += 1
            tradeSum &+= block.first?.price.raw ?? 0
        }
        peakResident = max(peakResident, BenchSupport.residentBytes())
        let heldMegabytes = Double(count * MemoryLayout<StoredTrade>.stride) / 1_048_576

        // Bars: 1s bars (5M span ~58 days), gapless, open = previous close.
        var bars: [StoredBar] = []
        bars.reserveCapacity(count)
        var barTime: Int64 = 1_700_000_000_000_000_000
        var close: Int64 = 6_000_000
        for _ in 0..<count {
            let open = close
            close = open + Int64(rng.next() % 21) - 10
            let high = max(open, close) + Int64(rng.next() % 5)
            let low = min(open, close) - Int64(rng.next() % 5)
            bars.append(
                StoredBar(
                    openTime: Timestamp(nanosecondsSinceEpoch: barTime), open: Fixed(raw: Int128(open) * 1_000_000),
                    high: Fixed(raw: Int128(high) * 1_000_000), low: Fixed(raw: Int128(low) * 1_000_000),
                    close: Fixed(raw: Int128(close) * 1_000_000),
                    volume: Fixed(raw: Int128(rng.next() % 10_000_000_000)), trades: Int64(rng.next() % 500)))
            barTime += 1_000_000_000
        }
        try store.write(bars, venue: "bench", symbol: "SYN", kind: .bars(.oneSecond))
        bars = []
        var barSum: Int128 = 0
        var barsRead = 0
        let barSeconds = try BenchSupport.seconds(clock) {
            try store.forEachBlock(of: StoredBar.self, venue: "bench", symbol: "SYN", kind: .bars(.oneSecond)) {
                block in
                for b in block { barSum &+= b.close.raw }
                barsRead += block.count
            }
        }
        guard tradesRead == count, barsRead == count, tradeSum != 0, barSum != 0 else {
            throw StoreError.system(
                call: "bench read-back (\(tradesRead), \(barsRead) of \(count))", path: root, errno: EIO)
        }
        return [
            "store_write_trades_per_s": Double(count) / writeSeconds,
            "store_read_trades_per_s": Double(count) / readSeconds,
            "store_read_bars_per_s": Double(count) / barSeconds,
            "store_stream_rss_growth_mb_5m_trades": Double(max(0, peakResident - firstResident)) / 1_048_576,
            "store_stream_records_held_mb_5m_trades": heldMegabytes,
        ]
    }

}
