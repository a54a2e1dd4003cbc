import NjordCore
import NjordMarketData
import NjordTestSupport
import Testing

struct MarketDataStoreTests {
    @Test func timeRangeReadsReturnExactlyTheRecordsInRangeAcrossDayBoundaries() throws {
        let root = TemporaryStoreRoot()
        let bars = try StoreCSVImporter.read(
            file: StoreFixtures.sharedPath(StoreFixtures.ftxBarsCSV), roundExcessDigits: true
        ).bars
        try root.store.write(bars, venue: "ftx", symbol: "BTC-PERP", kind: .bars(.oneMinute), blockCapacity: 500)
        let first = bars.first!.openTime.nanosecondsSinceEpoch
        let last = bars.last!.openTime.nanosecondsSinceEpoch
        let midnight = try #require(Timestamp(iso8601: "2022-01-01T00:00:00Z"))
        var ranges: [(Timestamp?, Timestamp?)] = [
            (nil, nil), (midnight, nil), (nil, midnight),
            (midnight.adding(nanoseconds: -90_000_000_000), midnight.adding(nanoseconds: 90_000_000_000)),
            (Timestamp(iso8601: "2022-01-05T12:00:30Z"), Timestamp(iso8601: "2022-01-09T00:00:00Z")),
            (Timestamp(nanosecondsSinceEpoch: last + 1), nil), (midnight, midnight),
        ]
        var rng = SplitMix64(seed: 42)
        for _ in 0..<20 {
            let a = first - 3_600_000_000_000 + Int64(rng.next() % UInt64(last - first + 7_200_000_000_000))
            let b = a + Int64(rng.next() % 400_000_000_000_000)
            ranges.append((Timestamp(nanosecondsSinceEpoch: a), Timestamp(nanosecondsSinceEpoch: b)))
        }
        for (from, to) in ranges {
            let expected = bars.filter {
                (from == nil || $0.openTime >= from!) && (to == nil || $0.openTime < to!)
            }
            var viaBlocks: [StoredBar] = []
            try root.store.forEachBlock(
                of: StoredBar.self, venue: "ftx", symbol: "BTC-PERP", kind: .bars(.oneMinute), from: from, to: to
            ) { viaBlocks.append(contentsOf: $0) }
            #expect(viaBlocks == expected, "range \(String(describing: from)) ..< \(String(describing: to))")
            var viaIterator: [StoredBar] = []
            var it = try root.store.records(
                of: StoredBar.self, venue: "ftx", symbol: "BTC-PERP", kind: .bars(.oneMinute), from: from, to: to)
            while let bar = try it.next() { viaIterator.append(bar) }
            #expect(viaIterator == expected)
        }
    }

    @Test func recordsOutOfTimeOrderAreRejected() throws {
        let root = TemporaryStoreRoot()
        let t = Timestamp(nanosecondsSinceEpoch: 1_723_161_255_342_000_000)
        let trades = [
            StoredTrade(time: t, tradeId: 1, price: .one, qty: .one, side: .buy),
            StoredTrade(time: t.adding(nanoseconds: -1), tradeId: 2, price: .one, qty: .one, side: .buy),
        ]
        #expect(throws: StoreError.self) {
            try root.store.write(trades, venue: "binance", symbol: "BTCUSDT", kind: .trades)
        }
        #expect(try root.store.dayFiles(venue: "binance", symbol: "BTCUSDT", kind: .trades).isEmpty)
    }

    @Test func venueAndSymbolMustBePathComponents() {
        #expect(throws: StoreError.invalidName("..")) {
            try MarketDataStore(root: "/tmp/x").directory(venue: "..", symbol: "BTCUSDT", kind: .trades)
        }
        #expect(throws: StoreError.invalidName("a/b")) {
            try MarketDataStore(root: "/tmp/x").directory(venue: "binance", symbol: "a/b", kind: .trades)
        }
    }

    @Test func readingBarsFromATradesFileIsAKindMismatch() throws {
        let root = TemporaryStoreRoot()
        let t = StoredTrade(
            time: Timestamp(nanosecondsSinceEpoch: 1_723_161_255_342_000_000), tradeId: 1, price: .one, qty: .one,
            side: .sell)
        let summary = try #require(try root.store.write([t], venue: "b", symbol: "S", kind: .trades).first)
        #expect(throws: StoreError.self) { _ = try StoreFileReader<StoredBar>(path: summary.path) }
    }
}
