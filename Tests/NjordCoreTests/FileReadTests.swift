import Foundation
import NjordCore
import NjordTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The one whole-file read (every byte, from a file or a pipe that outgrows the first buffer) and
/// its positioned counterpart.
@Suite struct FileReadTests {
    @Test func aPipeLongerThanTheFirstBufferIsReadWholeAndADirectoryIsRefusedWhenAFileIsRequired() throws {
        let fifo = NSTemporaryDirectory() + "njord-fileread-\(UInt32.random(in: 0...UInt32.max))"
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let writer = NjordTestSupport.Thread {
            let fd = open(fifo, O_WRONLY)
            _ = FileWrite.all(fd, payload)
            close(fd)
        }
        writer.start()
        #expect(try FileRead.withContents(of: fifo) { Array($0) } == payload)
        writer.join()
        // A second open of the FIFO would wait for a writer: the refusal is shown on a directory.
        #expect(throws: FileRead.Failure.notRegularFile) {
            try FileRead.withContents(of: NSTemporaryDirectory(), requireRegularFile: true) { $0.count }
        }
    }

    @Test func aMissingFileIsAnOpenFailureWithItsErrno() {
        #expect(throws: FileRead.Failure.open(errno: ENOENT)) {
            try FileRead.withContents(of: "/nonexistent/njord-file") { $0.count }
        }
        #expect(FileRead.Failure.open(errno: ENOENT).code == ENOENT)
    }

    @Test func aPositionedFillReadsExactlyItsPieceAndFailsWhenTheFileEndsFirst() throws {
        let path = NSTemporaryDirectory() + "njord-fill-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(path) }
        let payload = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(FileWrite.all(out, payload) == nil)
        close(out)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var piece = [UInt8](repeating: 0, count: 3_000)
        #expect(piece.withUnsafeMutableBytes { FileRead.fill(fd, $0, at: 6_000) })
        #expect(piece == Array(payload[6_000..<9_000]))
        // 1,000 bytes are left after 9,000: a 3,000-byte piece there is short.
        #expect(!piece.withUnsafeMutableBytes { FileRead.fill(fd, $0, at: 9_000) })
        #expect(!piece.withUnsafeMutableBytes { FileRead.fill(-1, $0, at: 0) })
        var empty: [UInt8] = []
        #expect(empty.withUnsafeMutableBytes { FileRead.fill(fd, $0, at: 20_000) })
    }
}
