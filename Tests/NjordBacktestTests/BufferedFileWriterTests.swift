import Foundation
import Testing

@testable import NjordBacktest

/// Run files are written with plain writes (never synced): whole files replace what was there, and
/// a file that cannot be made is an error naming it.
@Suite struct BufferedFileWriterTests {
    static func scratch() throws -> String {
        let path = NSTemporaryDirectory() + "njord-run-file-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aWholeFileReplacesWhatWasThereByteForByte() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/metrics.json"
        try BufferedFileWriter.write(
            Array(repeating: UInt8(ascii: "x"), count: 3 * BufferedFileWriter.flushBytes), to: path)
        try BufferedFileWriter.write(Array("{}\n".utf8), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("{}\n".utf8))
    }

    @Test func aStreamedFileHoldsEveryAppendInOrderAcrossFlushes() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = try BufferedFileWriter(path: directory + "/equity.csv")
        var expected: [UInt8] = []
        for i in 0..<200_000 {
            let line = Array("\(i),\(i * 7)\n".utf8)
            file.buffer.append(contentsOf: line)
            expected.append(contentsOf: line)
            try file.flushIfFull()
        }
        try file.close()
        #expect(FileManager.default.contents(atPath: directory + "/equity.csv") == Data(expected))
    }

    @Test func aFileThatCannotBeCreatedIsAnErrorNamingIt() throws {
        let path = NSTemporaryDirectory() + "njord-missing-\(UInt32.random(in: 0...UInt32.max))/report.html"
        do {
            try BufferedFileWriter.write(Array("<html>".utf8), to: path)
            Issue.record("writing into a missing folder succeeded")
        } catch {
            #expect("\(error)".contains(path))
            #expect("\(error)".contains("No such file"))
        }
    }
}
