import Foundation
import NjordCore
import NjordMarketData
import NjordTestSupport
import Testing

struct StoreFileReaderTests {
    /// A small real file: 300 trades in blocks of 64.
    private func writeSample(_ root: TemporaryStoreRoot) throws -> (path: String, trades: [StoredTrade]) {
        let all = try StoreCSVImporter.read(file: StoreFixtures.sharedPath(StoreFixtures.tradesCSV)).trades
        let trades = Array(all.prefix(300))
        let summary = try #require(
            try root.store.write(trades, venue: "binance", symbol: "BTCUSDT", kind: .trades, blockCapacity: 64).first)
        return (summary.path, trades)
    }

    /// Reads a whole file; any error must be a StoreError naming the file.
    private func readAll(_ path: String) throws -> [StoredTrade] {
        var out: [StoredTrade] = []
        try StoreFileReader<StoredTrade>(path: path).forEachBlock { out.append(contentsOf: $0) }
        return out
    }

    @Test func everyTruncationIsAnErrorNamingTheFile() throws {
        let root = TemporaryStoreRoot()
        let (path, _) = try writeSample(root)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let damaged = "\(root.path)/truncated.njds"
        for length in stride(from: 0, to: bytes.count, by: 7) {
            try bytes.prefix(length).write(to: URL(fileURLWithPath: damaged))
            do {
                _ = try readAll(damaged)
                Issue.record("a file truncated to \(length) of \(bytes.count) bytes was read")
            } catch let error as StoreError {
                #expect(error.description.contains(damaged))
            }
        }
    }

    @Test func aFlippedByteAnywhereIsAnErrorNamingTheFile() throws {
        let root = TemporaryStoreRoot()
        let (path, trades) = try writeSample(root)
        #expect(try readAll(path) == trades)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let damaged = "\(root.path)/flipped.njds"
        for offset in 0..<original.count {
            var bytes = original
            bytes[offset] ^= 0x10
            try bytes.write(to: URL(fileURLWithPath: damaged))
            do {
                _ = try readAll(damaged)
                Issue.record("a flipped byte at \(offset) was not detected")
            } catch let error as StoreError {
                #expect(error.description.contains(damaged))
            }
        }
    }

    @Test func aFileThatIsNotAStoreFileIsNamed() throws {
        let root = TemporaryStoreRoot()
        let path = "\(root.path)/2024-01-01.njds"
        try Data("id,price\n1,2\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notAStoreFile(path: path)) { _ = try readAll(path) }
    }
}
