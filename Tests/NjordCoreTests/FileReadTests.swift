import Foundation
import NjordCore
import NjordTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The one whole-file read: every byte, from a file or a pipe that outgrows the first buffer.
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
}
