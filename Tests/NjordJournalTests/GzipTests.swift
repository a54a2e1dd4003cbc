import Foundation
import Testing

@testable import NjordJournal

struct GzipTests {
    @Test func compressedFileInflatesToTheSameBytesAndIsRealGzip() throws {
        let root = TemporaryJournalRoot()
        let plain = root.path + "/in.ndjson"
        var text = ""
        for seq in 0..<50_000 { text += record(seq) + "\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: plain))
        try Gzip.compressFile(from: plain, to: root.path + "/out.gz")

        let compressed = try Data(contentsOf: URL(fileURLWithPath: root.path + "/out.gz"))
        #expect(compressed.prefix(2) == Data([0x1F, 0x8B]))  // gzip magic, not a raw zlib stream
        #expect(compressed.count < text.utf8.count / 4)

        let reader = try GzipReader(path: root.path + "/out.gz")
        var inflated: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
            if n == 0 { break }
            inflated += chunk[0..<n]
        }
        #expect(inflated == Array(text.utf8))
    }

    @Test func gzipOfAnEmptyFileInflatesToNothing() throws {
        let root = TemporaryJournalRoot()
        let plain = root.path + "/empty"
        try Data().write(to: URL(fileURLWithPath: plain))
        try Gzip.compressFile(from: plain, to: plain + ".gz")
        var buffer = [UInt8](repeating: 0, count: 16)
        let reader = try GzipReader(path: plain + ".gz")
        #expect(try buffer.withUnsafeMutableBytes { try reader.read(into: $0) } == 0)
    }
}
