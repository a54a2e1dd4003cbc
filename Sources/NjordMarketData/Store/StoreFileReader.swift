public import NjordCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads one store file. Opening checks the size, header and index checksum; each block is checked
/// against its own checksum as it is read, then decoded into one reusable buffer, so memory is one
/// block whatever the file's size. Any damage is a ``StoreError`` naming the file, never a crash.
public final class StoreFileReader<Record: StoreRecord> {
    public let path: String
    public let kind: StoreKind
    public let recordCount: Int
    public let firstTime: Timestamp
    public let lastTime: Timestamp
    public let fileSize: Int
    let entries: [StoreBlockEntry]
    private let fd: Int32
    private var bytes: UnsafeMutableRawBufferPointer
    private let records: UnsafeMutablePointer<Record>
    private let recordCapacity: Int

    public init(path: String) throws {
        self.path = path
        let fd = try StoreFileIO.open(path, O_RDONLY)
        self.fd = fd
        do {
            let size = try StoreFileIO.fileSize(fd, path: path)
            var headerBytes = [UInt8](repeating: 0, count: StoreFileFormat.headerSize)
            let complete = try headerBytes.withUnsafeMutableBytes { b in
                try StoreFileIO.readExactly(fd, into: b, at: 0, path: path)
            }
            guard complete else {
                if size >= 4 && Array(headerBytes[0..<4]) == StoreFileFormat.magic {
                    throw StoreError.sizeMismatch(
                        path: path, expected: UInt64(StoreFileFormat.headerSize), actual: size)
                }
                throw StoreError.notAStoreFile(path: path)
            }
            let (header, checksum) = try headerBytes.withUnsafeBytes { b in
                try StoreFileHeader.decode(b, path: path)
            }
            let indexSize = UInt64(header.blockCount) * UInt64(StoreFileFormat.indexEntrySize)
            let expected = header.indexOffset &+ indexSize
            guard header.indexOffset >= UInt64(StoreFileFormat.headerSize), expected == size else {
                throw StoreError.sizeMismatch(path: path, expected: expected, actual: size)
            }
            var index = [UInt8](repeating: 0, count: Int(indexSize))
            _ = try index.withUnsafeMutableBytes { b in
                try StoreFileIO.readExactly(fd, into: b, at: header.indexOffset, path: path)
            }
            let computed = (Array(headerBytes[0..<56]) + index).withUnsafeBytes { StoreChecksum.of($0) }
            guard computed == checksum else { throw StoreError.headerChecksumMismatch(path: path) }
            guard Record.isStored(in: header.kind) else {
                throw StoreError.kindMismatch(path: path, expected: "\(Record.self)", found: header.kind.pathComponent)
            }
            let entries = try Self.checkedEntries(index, header: header, path: path)
            self.entries = entries
            kind = header.kind
            recordCount = Int(header.recordCount)
            firstTime = Timestamp(nanosecondsSinceEpoch: header.firstTime)
            lastTime = Timestamp(nanosecondsSinceEpoch: header.lastTime)
            fileSize = Int(size)
            recordCapacity = max(1, entries.map { Int($0.recordCount) }.max() ?? 1)
            let largest = max(1, entries.map { Int($0.byteCount) }.max() ?? 1)
            bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: largest, alignment: 16)
            records = UnsafeMutablePointer<Record>.allocate(capacity: recordCapacity)
            records.initialize(repeating: Record.storePlaceholder, count: recordCapacity)
        } catch {
            StoreFileIO.close(fd)
            throw error
        }
    }

    deinit {
        StoreFileIO.close(fd)
        bytes.deallocate()
        records.deinitialize(count: recordCapacity)
        records.deallocate()
    }

    public var blockCount: Int { entries.count }

    /// What the file holds, for listings.
    public var summary: StoreFileSummary {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return StoreFileSummary(
            path: path, kind: kind, day: String(name.prefix(10)), records: recordCount, firstTime: firstTime,
            lastTime: lastTime, bytes: fileSize, decodedBytes: recordCount * MemoryLayout<Record>.stride)
    }

    /// Reads, checks and decodes block `i`. The buffer is reused: it is valid until the next call.
    public func decodeBlock(_ i: Int) throws -> UnsafeBufferPointer<Record> {
        let entry = entries[i]
        let block = UnsafeMutableRawBufferPointer(rebasing: bytes[0..<Int(entry.byteCount)])
        guard try StoreFileIO.readExactly(fd, into: block, at: entry.offset, path: path) else {
            throw StoreError.sizeMismatch(
                path: path, expected: entry.offset + UInt64(entry.byteCount), actual: UInt64(fileSize))
        }
        guard StoreChecksum.of(UnsafeRawBufferPointer(block)) == entry.checksum else {
            throw StoreError.blockChecksumMismatch(path: path, block: i)
        }
        let n = Int(entry.recordCount)
        guard Record.decodeStoreBlock(UnsafeRawBufferPointer(block), count: n, into: records),
            records[0].storeTime.nanosecondsSinceEpoch == entry.firstTime,
            records[n - 1].storeTime.nanosecondsSinceEpoch == entry.lastTime
        else { throw StoreError.malformedBlock(path: path, block: i) }
        return UnsafeBufferPointer(start: records, count: n)
    }

    /// Calls `body` with each decoded block's records whose time is in `[from, to)` (nil: unbounded).
    /// The buffer is reused between calls; copy what must outlive the call.
    public func forEachBlock(
        from: Timestamp? = nil, to: Timestamp? = nil, _ body: (UnsafeBufferPointer<Record>) throws -> Void
    ) throws {
        let lower = from?.nanosecondsSinceEpoch ?? .min
        let upper = to?.nanosecondsSinceEpoch ?? .max
        for (i, entry) in entries.enumerated() {
            if entry.firstTime >= upper { break }
            if entry.lastTime < lower { continue }
            let block = try decodeBlock(i)
            let start = entry.firstTime >= lower ? 0 : Self.firstIndex(in: block, atOrAfter: lower)
            let end = entry.lastTime < upper ? block.count : Self.firstIndex(in: block, atOrAfter: upper)
            if start < end { try body(UnsafeBufferPointer(rebasing: block[start..<end])) }
        }
    }

    static func firstIndex(in block: UnsafeBufferPointer<Record>, atOrAfter t: Int64) -> Int {
        var lo = 0
        var hi = block.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if block[mid].storeTime.nanosecondsSinceEpoch < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private static func checkedEntries(
        _ index: [UInt8], header: StoreFileHeader, path: String
    ) throws -> [StoreBlockEntry] {
        var entries: [StoreBlockEntry] = []
        entries.reserveCapacity(Int(header.blockCount))
        index.withUnsafeBytes { raw in
            var reader = StoreByteReader(raw)
            for _ in 0..<header.blockCount { entries.append(StoreBlockEntry.decode(from: &reader)) }
        }
        var offset = UInt64(StoreFileFormat.headerSize)
        var total: UInt64 = 0
        var previousLast = Int64.min
        for (i, e) in entries.enumerated() {
            guard e.offset == offset, e.recordCount > 0, e.recordCount <= header.blockCapacity,
                e.firstTime <= e.lastTime, e.firstTime >= previousLast
            else { throw StoreError.malformedHeader(path: path, reason: "block \(i) index entry is inconsistent") }
            offset += UInt64(e.byteCount)
            total += UInt64(e.recordCount)
            previousLast = e.lastTime
        }
        guard offset == header.indexOffset, total == header.recordCount else {
            throw StoreError.malformedHeader(path: path, reason: "blocks do not add up to the header's counts")
        }
        return entries
    }
}
