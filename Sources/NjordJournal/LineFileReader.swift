#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lines of a plain or gzip file (captures, CSVs), streamed in big chunks and handed out in
/// place: no copy and no allocation per line. Gzip is recognised by its magic bytes, not by name.
public final class LineFileReader {
    public let path: String
    /// Whether the file is gzip (its first two bytes are 1f 8b).
    public let isCompressed: Bool
    private let source: any JournalByteSource
    private static let initialBuffer = 1 << 20

    public init(path: String) throws {
        self.path = path
        isCompressed = try Self.hasGzipMagic(path)
        source = isCompressed ? try GzipReader(path: path) : try PlainFileSource(path: path)
    }

    /// Calls `body` with each line, without its `\n` (and without a `\r` before it). The bytes are
    /// valid only during the call. A last line without a newline is still a line.
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var capacity = Self.initialBuffer
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var filled = 0
        var ended = false
        while !ended {
            if filled == capacity {
                // One line longer than the buffer: grow it, keeping what was read.
                let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity * 2, alignment: 16)
                bigger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<capacity]))
            if n == 0 { ended = true }
            filled += n
            let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var start = 0
            while start < filled {
                guard let hit = memchr(base + start, 0x0A, filled - start) else { break }
                let end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                try body(Self.line(base, start, end))
                start = end + 1
            }
            if ended {
                if start < filled { try body(Self.line(base, start, filled)) }
            } else if start > 0 {
                memmove(base, base + start, filled - start)
                filled -= start
            }
        }
    }

    private static func line(_ base: UnsafeMutablePointer<UInt8>, _ start: Int, _ end: Int)
        -> UnsafeBufferPointer<UInt8>
    {
        var end = end
        if end > start && base[end - 1] == 0x0D { end -= 1 }
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }

    private static func hasGzipMagic(_ path: String) throws -> Bool {
        let fd = try Posix.open(path, O_RDONLY)
        defer { Posix.close(fd) }
        var magic: (UInt8, UInt8) = (0, 0)
        let n = try withUnsafeMutableBytes(of: &magic) { try Posix.read(fd, into: $0, path: path) }
        return n == 2 && magic.0 == 0x1F && magic.1 == 0x8B
    }
}
