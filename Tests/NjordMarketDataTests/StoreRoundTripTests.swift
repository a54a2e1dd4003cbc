import Foundation
import NjordCore
import NjordMarketData
import NjordTestSupport
import Testing

struct StoreRoundTripTests {
    @Test func realTradesExportAsTheImportedCSVInCanonicalFormAndEveryRecordIsEqual() throws {
        let root = TemporaryStoreRoot()
        let file = StoreFixtures.sharedPath(StoreFixtures.tradesCSV)
        let imported = try StoreCSVImporter.read(file: file)
        #expect(imported.layout == .binanceTrades)
        #expect(imported.problemCount == 0)
        #expect(imported.trades.count == 19_904)
        let summaries = try root.store.write(imported.trades, venue: "binance", symbol: "btcusdt", kind: .trades)
        #expect(summaries.map(\.day) == ["2024-08-08", "2024-08-09"])

        var back: [StoredTrade] = []
        var iterator = try root.store.records(of: StoredTrade.self, venue: "binance", symbol: "BTCUSDT", kind: .trades)
        while let t = try iterator.next() { back.append(t) }
        #expect(back == imported.trades)

        let source = try String(contentsOfFile: file, encoding: .utf8)
        let expected =
            source.split(separator: "\n").enumerated().map { i, line in
                i == 0
                    ? StoreExportFormat.tradesCSVHeader
                    : StoreFixtures.canonicalLine(line, decimalColumns: [1, 2, 3], keep: 7)
            }.joined(separator: "\n") + "\n"
        let exported = try StoreFixtures.exportCSV(root.store, venue: "binance", symbol: "BTCUSDT", kind: .trades)
        #expect(exported == expected)

        let storeBytes = summaries.map(\.bytes).reduce(0, +)
        let csvBytes = source.utf8.count
        let ratio = Double(summaries.map(\.decodedBytes).reduce(0, +)) / Double(storeBytes)
        print(
            "store: real BTCUSDT trades \(imported.trades.count) records, \(storeBytes) bytes "
                + "(\(String(format: "%.2f", Double(storeBytes) / Double(imported.trades.count))) B/record); "
                + "CSV/store \(String(format: "%.1f", Double(csvBytes) / Double(storeBytes)))x, "
                + "decoded/store \(String(format: "%.1f", ratio))x")
        #expect(storeBytes * 5 < csvBytes)
    }

    @Test func ftxVolumesWithFloatNoiseAreBadRowsUnlessRoundingIsAskedFor() throws {
        let file = StoreFixtures.sharedPath(StoreFixtures.ftxBarsCSV)
        let strict = try StoreCSVImporter.read(file: file)
        #expect(strict.bars.count == 45_025)
        #expect(strict.problemCount == 6)
        #expect(strict.problems.allSatisfy { $0.field == "volume" && $0.file == file })
        #expect(strict.problems.first?.line == 249)
        let rounded = try StoreCSVImporter.read(file: file, roundExcessDigits: true)
        #expect(rounded.problemCount == 0)
        #expect(rounded.roundedFields == 6)
        // 218102.59507500002 → 218102.595075; 380591.00179999997 → 380591.0018
        let volumes = rounded.bars.map(\.volume)
        #expect(volumes.contains(try Fixed("218102.595075")))
        #expect(volumes.contains(try Fixed("380591.0018")))
    }

    @Test func ftxBarsSplitIntoThirtyThreeDayFilesAndExportAsTheImportedCSV() throws {
        let root = TemporaryStoreRoot()
        let file = StoreFixtures.sharedPath(StoreFixtures.ftxBarsCSV)
        let imported = try StoreCSVImporter.read(file: file, roundExcessDigits: true)
        #expect(imported.layout == .timestampBars)
        #expect(imported.kind == .bars(.oneMinute))
        #expect(imported.bars.count == 45_031)
        let summaries = try root.store.write(imported.bars, venue: "ftx", symbol: "BTC-PERP", kind: imported.kind)
        #expect(summaries.count == 33)
        #expect(summaries.first?.day == "2021-12-31")
        #expect(summaries.last?.day == "2022-02-01")
        #expect(summaries.map(\.records).reduce(0, +) == 45_031)

        let source = try String(contentsOfFile: file, encoding: .utf8)
        // The six rounded rows are compared by value above; every other row byte for byte.
        let roundedLines = Set(try StoreCSVImporter.read(file: file).problems.map(\.line))
        let expected =
            source.split(separator: "\n").enumerated().map { i, line in
                i == 0 ? String(line) : StoreFixtures.canonicalLine(line, decimalColumns: [1, 2, 3, 4, 5], keep: 6)
            }.enumerated().filter { !roundedLines.contains($0.offset + 1) }.map(\.element)
            .joined(separator: "\n") + "\n"
        let exported = try StoreFixtures.exportCSV(
            root.store, venue: "ftx", symbol: "BTC-PERP", kind: .bars(.oneMinute))
        let exportedKept = exported.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { !roundedLines.contains($0.offset + 1) }.map(\.element).joined(separator: "\n")
        #expect(exportedKept == expected)

        var back: [StoredBar] = []
        try root.store.forEachBlock(of: StoredBar.self, venue: "ftx", symbol: "BTC-PERP", kind: .bars(.oneMinute)) {
            back.append(contentsOf: $0)
        }
        #expect(back == imported.bars)
        let storeBytes = summaries.map(\.bytes).reduce(0, +)
        print(
            "store: FTX 1m bars \(back.count) records, \(storeBytes) bytes "
                + "(\(String(format: "%.2f", Double(storeBytes) / Double(back.count))) B/record); "
                + "CSV/store \(String(format: "%.1f", Double(source.utf8.count) / Double(storeBytes)))x")
        #expect(storeBytes * 4 < source.utf8.count)
    }

    @Test func klinesKeepTheirIntervalAndTradeCounts() throws {
        let root = TemporaryStoreRoot()
        let imported = try StoreCSVImporter.read(
            file: StoreFixtures.sharedPath("binance-klines/ADABTC-1m-2021-11-27.csv"))
        #expect(imported.layout == .binanceKlines)
        #expect(imported.kind == .bars(.oneMinute))
        #expect(imported.bars.first?.trades == 79)
        #expect(imported.bars.first?.open == (try Fixed("0.00002853")))
        try root.store.write(imported.bars, venue: "binance", symbol: "ADABTC", kind: imported.kind)
        var back: [StoredBar] = []
        try root.store.forEachBlock(of: StoredBar.self, venue: "binance", symbol: "ADABTC", kind: .bars(.oneMinute)) {
            back.append(contentsOf: $0)
        }
        #expect(back == imported.bars)
    }

    @Test func extremeAndIrregularValuesRoundTripExactly() throws {
        let root = TemporaryStoreRoot()
        var rng = SplitMix64(seed: 7)
        let day = Int64(19_000) * 86_400_000_000_000
        var trades: [StoredTrade] = []
        var t = day
        for i in 0..<1_000 {
            t += Int64(rng.next() % 3_000_000_000)
            let price: Fixed
            switch i % 5 {
            case 0: price = Fixed(raw: Int128(rng.next() % 1_000_000_000_000))
            case 1: price = i % 2 == 0 ? .max : .min
            case 2: price = Fixed(raw: -Int128(rng.next() % 100))
            default: price = Fixed(raw: Int128(rng.next() % 10_000) * 1_000_000)
            }
            let qty = i % 7 == 0 ? Fixed(raw: Int128(Int64.max) * 4) : Fixed(raw: Int128(rng.next() % 1_000_000_000))
            trades.append(
                StoredTrade(
                    time: Timestamp(nanosecondsSinceEpoch: min(t, day + 86_399_999_999_999)),
                    tradeId: Int64(bitPattern: rng.next()), price: price, qty: qty, side: i % 3 == 0 ? .sell : .buy))
        }
        try root.store.write(trades, venue: "v", symbol: "x", kind: .trades, blockCapacity: 7)
        var back: [StoredTrade] = []
        try root.store.forEachBlock(of: StoredTrade.self, venue: "v", symbol: "X", kind: .trades) {
            back.append(contentsOf: $0)
        }
        #expect(back == trades)
    }
}
