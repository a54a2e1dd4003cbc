import NjordCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes one day file: records are appended in time order and encoded a block at a time into a
/// temporary file; ``seal()`` writes the index and header, syncs, and renames it into place.
/// Memory is one block of records, whatever the day's size.
public final class StoreFileWriter<Record: StoreRecord> {
    public let path: String
    public let kind: StoreKind
    private let temporaryPath: String
    private let day: Int64
    private let blockCapacity: Int
    private var fd: Int32
    private var pending: [Record] = []
    private var entries: [StoreBlockEntry] = []
    private var offset = UInt64(StoreFileFormat.headerSize)
    private var count: UInt64 = 0
    private var firstTime: Int64 = 0
    private var lastTime: Int64 = .min
    private var scratch: [UInt8] = []
    private var finished = false

    /// Starts the file for the UTC day `day` (`YYYY-MM-DD`) at `path`.
    public init(path: String, kind: StoreKind, day: String, blockCapacity: Int = 4096) throws {
        guard Record.isStored(in: kind) else {
            throw StoreError.kindMismatch(path: path, expected: "\(Record.self)", found: kind.pathComponent)
        }
        guard let dayNumber = StoreDay.dayNumber(day) else { throw StoreError.invalidName(day) }
        self.path = path
        self.kind = kind
        self.day = dayNumber
        self.blockCapacity = max(1, min(blockCapacity, 1 << 20))
        temporaryPath = "\(path).tmp-\(StoreFileIO.processId)"
        fd = try StoreFileIO.open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC)
        pending.reserveCapacity(self.blockCapacity)
        // The header is written last; its space is reserved now.
        try StoreFileIO.writeAll(fd, [UInt8](repeating: 0, count: StoreFileFormat.headerSize), path: temporaryPath)
    }

    deinit {
        if !finished {
            StoreFileIO.close(fd)
            StoreFileIO.unlink(temporaryPath)
        }
    }

    public func append(_ record: Record) throws {
        let t = record.storeTime.nanosecondsSinceEpoch
        guard t >= lastTime else { throw StoreError.outOfOrder(path: path, previous: lastTime, next: t) }
        guard record.storeTime.utcDayNumber == day else {
            throw StoreError.wrongDay(path: path, day: StoreDay.name(day), time: t)
        }
        if count == 0 { firstTime = t }
        lastTime = t
        count += 1
        pending.append(record)
        if pending.count == blockCapacity { try flushBlock() }
    }

    /// Writes the last block, the index and the header, syncs and renames the file into place.
    @discardableResult
    public func seal() throws -> StoreFileSummary {
        try flushBlock()
        var index = StoreByteWriter()
        for e in entries { e.encode(into: &index) }
        let header = StoreFileHeader(
            kind: kind, recordCount: count, firstTime: count == 0 ? 0 : firstTime, lastTime: count == 0 ? 0 : lastTime,
            indexOffset: offset, blockCount: UInt32(entries.count), blockCapacity: UInt32(blockCapacity))
        var headerBytes = header.encodedWithoutChecksum()
        let checksum = (headerBytes + index.bytes).withUnsafeBytes { StoreChecksum.of($0) }
        var tail = StoreByteWriter()
        tail.fixed(checksum)
        headerBytes += tail.bytes
        try StoreFileIO.writeAll(fd, index.bytes, path: temporaryPath)
        try StoreFileIO.writeAll(fd, headerBytes, at: 0, path: temporaryPath)
        try StoreFileIO.sync(fd, path: temporaryPath)
        StoreFileIO.close(fd)
        finished = true
        try StoreFileIO.rename(temporaryPath, path)
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        try StoreFileIO.syncDirectory(directory.isEmpty ? "." : directory)
        let size = Int(offset) + index.bytes.count
        return StoreFileSummary(
            path: path, kind: kind, day: StoreDay.name(day), records: Int(count),
            firstTime: Timestamp(nanosecondsSinceEpoch: header.firstTime),
            lastTime: Timestamp(nanosecondsSinceEpoch: header.lastTime), bytes: size,
            decodedBytes: Int(count) * MemoryLayout<Record>.stride)
    }

    private func flushBlock() throws {
        guard !pending.isEmpty else { return }
        pending.withUnsafeBufferPointer { Record.encodeStoreBlock($0, kind: kind, into: &scratch) }
        let checksum = scratch.withUnsafeBytes { StoreChecksum.of($0) }
        entries.append(
            StoreBlockEntry(
                firstTime: pending[0].storeTime.nanosecondsSinceEpoch,
                lastTime: pending[pending.count - 1].storeTime.nanosecondsSinceEpoch, offset: offset,
                byteCount: UInt32(scratch.count), recordCount: UInt32(pending.count), checksum: checksum))
        try StoreFileIO.writeAll(fd, scratch, path: temporaryPath)
        offset += UInt64(scratch.count)
        pending.removeAll(keepingCapacity: true)
    }
}
