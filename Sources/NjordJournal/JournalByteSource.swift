#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Uncompressed bytes of one day file, read in big chunks.
protocol JournalByteSource: AnyObject {
    /// Fills the front of `buffer`; returns the byte count, 0 at (current) end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Skips `count` uncompressed bytes (to resume from a position).
    func skip(_ count: UInt64) throws
}

/// A plain `.ndjson` file. Kept open while following, so it can still be drained after the writer
/// rolled the day and removed it in favour of the gzip.
final class PlainFileSource: JournalByteSource {
    let path: String
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = try Posix.open(path, O_RDONLY)
    }

    deinit { Posix.close(fd) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try Posix.read(fd, into: buffer, path: path)
    }

    func skip(_ count: UInt64) throws { try Posix.seek(fd, to: count, path: path) }
}

extension JournalDayFile {
    func openSource() throws -> any JournalByteSource {
        isCompressed ? try GzipReader(path: path) : try PlainFileSource(path: path)
    }
}
