import NjordCore

#if canImport(Glibc)
    import Glibc
#endif

/// A ``BarSeries`` saved as its raw columns, so that the workers of a sweep read bars that were
/// parsed once instead of each parsing the same CSV again (``BarColumnsCache``).
///
/// Layout, in the machine's byte order: the 8 bytes `NJBARC01`; seven UInt64 — the bar count, the
/// rounded volumes, the source file's size, its modification time (ns since the epoch), its inode
/// and device, and an FNV-1a checksum of the columns; then times, open, high, low, close and volume,
/// `count` Int64 each. A file that does not match its source, its own length or its checksum is
/// not used.
public enum BarColumnsFile {
    /// What identifies the source file a series was parsed from: if any of it changed, the file
    /// changed.
    public struct Source: Equatable, Sendable {
        public var size: UInt64
        public var modifiedNanoseconds: UInt64
        public var inode: UInt64
        public var device: UInt64

        public init(size: UInt64, modifiedNanoseconds: UInt64, inode: UInt64, device: UInt64) {
            self.size = size
            self.modifiedNanoseconds = modifiedNanoseconds
            self.inode = inode
            self.device = device
        }

        /// The source as `stat` sees it now; nil when it cannot be read.
        public init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            self.init(
                size: UInt64(truncatingIfNeeded: info.st_size),
                modifiedNanoseconds: UInt64(truncatingIfNeeded: info.st_mtim.tv_sec) &* 1_000_000_000
                    &+ UInt64(truncatingIfNeeded: info.st_mtim.tv_nsec),
                inode: UInt64(truncatingIfNeeded: info.st_ino), device: UInt64(truncatingIfNeeded: info.st_dev))
        }
    }

    static let magic: [UInt8] = Array("NJBARC01".utf8)
    static let headerBytes = 8 + 7 * 8

    /// Writes `series` to `path` through a temporary file renamed into place, so a reader sees the
    /// whole file or none.
    public static func write(_ series: BarSeries, source: Source, to path: String) throws(BacktestDataError) {
        let count = series.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headerBytes + 48 * count)
        bytes += magic
        let columns = [series.times, series.open, series.high, series.low, series.close, series.volume]
        let words: [UInt64] = [
            UInt64(count), UInt64(series.roundedVolumes), source.size, source.modifiedNanoseconds, source.inode,
            source.device, checksum(columns),
        ]
        for word in words { withUnsafeBytes(of: word) { bytes += $0 } }
        for column in columns { column.withUnsafeBytes { bytes += $0 } }
        let temporary = "\(path).tmp-\(getpid())"
        do {
            try BufferedFileWriter.write(bytes, to: temporary)
        } catch {
            unlink(temporary)
            throw .unreadable(path: temporary, reason: "\(error)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .unreadable(path: path, reason: reason)
        }
    }

    /// The series saved at `path` when it was parsed from `source` as it is now and the file is
    /// whole; nil otherwise (absent, stale, short, corrupt).
    ///
    /// The header is read first, then each column straight into its array (``FileRead/fill(_:_:at:)``):
    /// no whole-file buffer, as large as the columns, to fill and copy out of.
    public static func read(path: String, expecting source: Source) -> BarSeries? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: headerBytes)
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
            header.withUnsafeMutableBytes({ FileRead.fill(fd, $0, at: 0) })
        else { return nil }
        return header.withUnsafeBufferPointer { head in
            decodeHeader(head, fileBytes: Int(info.st_size), expecting: source)
        }.flatMap { count, roundedVolumes, expectedChecksum in
            var whole = true
            let columns = (0..<6).map { k in
                [Int64](unsafeUninitializedCapacity: count) { buffer, initialized in
                    whole =
                        whole
                        && FileRead.fill(fd, UnsafeMutableRawBufferPointer(buffer), at: headerBytes + 8 * count * k)
                    initialized = count
                }
            }
            guard whole, checksum(columns) == expectedChecksum else { return nil }
            return BarSeries(
                times: columns[0], open: columns[1], high: columns[2], low: columns[3], close: columns[4],
                volume: columns[5], roundedVolumes: roundedVolumes)
        }
    }

    /// The bar count, rounded volumes and checksum the header gives, when it is this format's, its
    /// source is `source` as it is now and the file is exactly as long as the count says.
    private static func decodeHeader(
        _ header: UnsafeBufferPointer<UInt8>, fileBytes: Int, expecting source: Source
    ) -> (count: Int, roundedVolumes: Int, checksum: UInt64)? {
        guard header.count >= headerBytes, Array(header[0..<8]) == magic, let base = header.baseAddress else {
            return nil
        }
        let raw = UnsafeRawPointer(base)
        func word(_ index: Int) -> UInt64 { raw.loadUnaligned(fromByteOffset: 8 + 8 * index, as: UInt64.self) }
        let count = Int(truncatingIfNeeded: word(0))
        guard count > 0, count <= (fileBytes - headerBytes) / 48, fileBytes == headerBytes + 48 * count,
            Source(size: word(2), modifiedNanoseconds: word(3), inode: word(4), device: word(5)) == source
        else { return nil }
        return (count, Int(truncatingIfNeeded: word(1)), word(6))
    }

    /// FNV-1a over the columns' 64-bit words: catches a torn or flipped file, cheaply.
    /// Column by column through their buffers, not over a flattened sequence of the columns.
    static func checksum(_ columns: [[Int64]]) -> UInt64 {
        columns.reduce(fnv1aBasis) { hash, column in
            column.withUnsafeBufferPointer { fnv1a($0.lazy.map { UInt64(bitPattern: $0) }, continuing: hash) }
        }
    }

    /// FNV-1a (64-bit) over `words`, one multiply each, from `hash` (the basis for a new hash): the
    /// checksum, and the cache's name of a path.
    static func fnv1a(_ words: some Sequence<UInt64>, continuing hash: UInt64 = fnv1aBasis) -> UInt64 {
        var hash = hash
        for word in words { hash = (hash ^ word) &* fnv1aPrime }
        return hash
    }

    static let fnv1aBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnv1aPrime: UInt64 = 0x0000_0100_0000_01b3
}
