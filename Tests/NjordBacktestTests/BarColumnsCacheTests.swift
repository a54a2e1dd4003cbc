import Foundation
import NjordBacktest
import NjordCore
import NjordTestSupport
import Testing

/// A sweep's workers parse a CSV once per version of the file and read its columns afterwards; a
/// changed, torn or corrupt entry is never used.
@Suite struct BarColumnsCacheTests {
    static let ftx = SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv").path

    static func scratch() throws -> String {
        let root = NSTemporaryDirectory() + "njord-columns-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    static func columns(_ series: BarSeries) -> [[Int64]] {
        [series.times, series.open, series.high, series.low, series.close, series.volume]
    }

    @Test func aCachedSeriesIsTheParsedOneColumnForColumn() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cache = BarColumnsCache(root: root + "/bars")
        let parsed = try BarCSVReader.read(path: Self.ftx)
        let first = try cache.series(csv: Self.ftx)
        let source = try #require(BarColumnsFile.Source(path: Self.ftx))
        let stored = try #require(BarColumnsFile.read(path: cache.entryPath(csv: Self.ftx), expecting: source))
        #expect(Self.columns(first) == Self.columns(parsed))
        #expect(Self.columns(stored) == Self.columns(parsed))
        #expect(stored.roundedVolumes == parsed.roundedVolumes && stored.count == 45_031)
        #expect(Self.columns(try cache.series(csv: Self.ftx)) == Self.columns(parsed))
    }

    @Test func aChangedCSVIsParsedAgainAndItsEntryReplaced() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let csv = root + "/bars.csv"
        let header = "timestamp,open,high,low,close,volume\n"
        try (header + "2022-01-01 00:00:00,1,1,1,1,1\n").write(toFile: csv, atomically: false, encoding: .utf8)
        let cache = BarColumnsCache(root: root + "/cache")
        #expect(try cache.series(csv: csv).close == [100_000_000])
        try (header + "2022-01-01 00:00:00,1,1,1,2,1\n2022-01-01 00:01:00,1,1,1,3,1\n").write(
            toFile: csv, atomically: false, encoding: .utf8)
        #expect(try cache.series(csv: csv).close == [200_000_000, 300_000_000])
        let source = try #require(BarColumnsFile.Source(path: csv))
        #expect(BarColumnsFile.read(path: cache.entryPath(csv: csv), expecting: source)?.count == 2)
    }

    @Test func aTornOrFlippedEntryIsNotUsed() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cache = BarColumnsCache(root: root)
        let parsed = try cache.series(csv: Self.ftx)
        let entry = cache.entryPath(csv: Self.ftx)
        let source = try #require(BarColumnsFile.Source(path: Self.ftx))
        let whole = try Data(contentsOf: URL(fileURLWithPath: entry))
        var flipped = whole
        flipped[whole.count - 100] ^= 0x01
        try flipped.write(to: URL(fileURLWithPath: entry))
        #expect(BarColumnsFile.read(path: entry, expecting: source) == nil)
        #expect(Self.columns(try cache.series(csv: Self.ftx)) == Self.columns(parsed))
        try whole.prefix(whole.count - 8).write(to: URL(fileURLWithPath: entry))
        #expect(BarColumnsFile.read(path: entry, expecting: source) == nil)
        var other = source
        other.modifiedNanoseconds += 1
        try whole.write(to: URL(fileURLWithPath: entry))
        #expect(BarColumnsFile.read(path: entry, expecting: source) != nil)
        #expect(BarColumnsFile.read(path: entry, expecting: other) == nil)
    }

    @Test func aCacheThatCannotBeWrittenStillGivesTheBars() throws {
        let cache = BarColumnsCache(root: "/proc/njord-no-such-cache")
        let series = try cache.series(csv: Self.ftx)
        #expect(series.count == 45_031)
        #expect(throws: BacktestDataError.unreadable(path: "/nonexistent.csv", reason: "no such file or not readable"))
        {
            try cache.series(csv: "/nonexistent.csv")
        }
    }
}
