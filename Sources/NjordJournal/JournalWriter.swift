// # Journals: file layout and durability
//
// Layout. One append-only NDJSON file per stream per UTC day:
//
//     <root>/<stream>/<YYYY-MM-DD>.ndjson      the day being written (root: var/log/njord/journal)
//     <root>/<stream>/<YYYY-MM-DD>.ndjson.gz   a closed day, gzip (deflate windowBits 15+16)
//
// Stream names use only [A-Za-z0-9._-] (`orders`, `md.trades.BTCUSDT`). One record is one line: a
// JSON object (first non-space byte `{`, last `}`) with no newline inside, ended by `\n`. Files are
// opened O_RDWR|O_APPEND|O_CREAT, mode 0644, and never truncated or rewritten. The day comes from
// the injected Clock: the first append on a later UTC day syncs and closes the old file, opens the
// new one and compresses the closed day on a thread of its own (`JournalDayCompressor`: gzip to
// `<day>.ndjson.gz.tmp`, fsync, rename, fsync the directory, then remove the plain file), so that
// append does not wait for a day's gzip; `close()` waits for it and throws its failure. A writer
// that starts finds plain files of earlier days (a crash before compression) and compresses them
// too, before its first append. Readers prefer the plain file when both forms of a day exist (a
// compression under way, or a crash between rename and removal): the gzip was made from it.
//
// Durability. "Acknowledged" means:
//   - `.fsyncEachEvent`: `append` returned. It wrote the record and fdatasync'd it first.
//   - `.groupCommit(intervalNanoseconds:maxBatch:)`: the record's sequence number is covered by a
//     completed sync — `flush()` returned a `durableSequence` >= it, `close()` returned, or the
//     receipt of `append` said `isDurable`. Records are buffered in memory and written with one
//     `write(2)` + fdatasync per batch, when `maxBatch` records wait or the interval has passed
//     (checked on each append; there is no background thread, so a quiet writer must call
//     `flush()`). Unacknowledged records may be lost in a crash; acknowledged ones never are.
//   - `.writeThrough(syncIntervalNanoseconds:maxUnsynced:)`: two levels. `append` returned means
//     the record was handed to the kernel with `write(2)` (`writtenSequence`): it is in the file
//     for every reader and survives a kill -9 of the writer, but not power loss or a kernel crash.
//     It becomes durable (`durableSequence`) at the next fdatasync, which `syncIfDue()` requests
//     once the oldest unsynced record has waited the interval or `maxUnsynced` records wait; the
//     sync itself runs on the writer's sync thread (`JournalSyncThread`, through a duplicate of the
//     descriptor), so no append and no message waits behind it. `flush()` and `close()` sync on the
//     calling thread. A failed background sync makes the writer refuse further work. `appendTogether` puts several records in one `write(2)`, so a kill -9 leaves all or
//     none of them.
//
// `settle()` makes every appended record safe to acknowledge under the writer's mode (`settledSequence`):
// durable under `.fsyncEachEvent` and `.groupCommit`, written under `.writeThrough`.
//
// Crash repair. A crash during a write can leave a torn last line (no trailing `\n`). Readers and
// `verify` report it as a torn tail and skip it. When a writer opens a file whose last byte is not
// `\n`, it first appends `\n` so new records start on a fresh line; the fragment then reads as a
// newline-terminated line that is not a JSON object, which readers report as `corruptLine` and
// skip (see JournalRecordShape for the limits of that rule).

public import NjordCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends records to one stream's journal (see the notes at the top of this file). Owns its file
/// descriptor; use it from one thread at a time.
public final class JournalWriter {
    public let layout: JournalLayout
    public let stream: JournalStreamName
    public let durability: JournalDurability
    private let clock: any Clock
    private let compressClosedDays: Bool
    private let syncInterval: UInt64
    private let maxBatch: Int

    private var fd: Int32 = -1
    private var path = ""
    private var day: Int64 = 0
    private var fileOffset: UInt64 = 0  // bytes in the file, not counting `buffer`
    private var buffer: [UInt8] = []
    private var bufferedRecords = 0
    private var lastSyncMonotonic: UInt64
    /// When the oldest record not yet synced was appended (meaningful while one waits).
    private var oldestUnsyncedMonotonic: UInt64 = 0
    private var isClosed = false
    private let writesThrough: Bool
    /// Open `appendTogether` calls: appends wait in `buffer` until the outermost returns.
    private var togetherDepth = 0

    /// Sequence number of the last record appended.
    public private(set) var lastSequence: UInt64 = 0
    /// Sequence number up to which records are in the file (written to the kernel; they survive a
    /// kill -9 of this process, not power loss).
    public private(set) var writtenSequence: UInt64 = 0
    /// Sequence number up to which records are durable (fdatasync'd, here or on the sync thread).
    public var durableSequence: UInt64 { max(syncedSequence, syncThread?.durableSequence ?? 0) }
    /// Synced on the calling thread (commit).
    private var syncedSequence: UInt64 = 0
    /// The highest sequence number handed to the sync thread.
    private var requestedSequence: UInt64 = 0
    /// `.writeThrough` only, started at the first requested sync.
    private var syncThread: JournalSyncThread?
    /// The closed day being compressed off this thread: a rollover joins the one before first.
    private var compression: JournalDayCompressor?
    /// The first compression that failed; `close()` throws it (the plain file stays and the next
    /// writer's start compresses it).
    private var compressionFailure: JournalError?

    /// Sequence number up to which records may be acknowledged under this writer's durability:
    /// written under `.writeThrough`, durable otherwise.
    public var settledSequence: UInt64 { writesThrough ? writtenSequence : durableSequence }

    public init(
        root: String = JournalLayout.defaultRoot, stream: String, durability: JournalDurability,
        clock: any Clock, compressClosedDays: Bool = true
    ) throws {
        layout = JournalLayout(root: root)
        self.stream = try JournalStreamName(stream)
        self.durability = durability
        self.clock = clock
        self.compressClosedDays = compressClosedDays
        switch durability {
        case .fsyncEachEvent:
            syncInterval = 0
            maxBatch = 1
            writesThrough = false
        case .groupCommit(let interval, let batch):
            syncInterval = interval
            maxBatch = max(1, batch)
            writesThrough = false
            buffer.reserveCapacity(min(batch, 1 << 16) * 256)
        case .writeThrough(let interval, let unsynced):
            syncInterval = interval
            maxBatch = max(1, unsynced)
            writesThrough = true
            buffer.reserveCapacity(4_096)
        }
        lastSyncMonotonic = clock.monotonicNanoseconds()
        let today = clock.now().utcDayNumber
        try openDay(today)
        if compressClosedDays {
            for file in try layout.dayFiles(of: self.stream) where file.day < today && !file.isCompressed {
                try JournalDayCompressor.compress(layout: layout, stream: self.stream, day: file.day)
            }
        }
    }

    deinit {
        // Best effort only: records not yet flushed were never acknowledged.
        // A failed commit closed the descriptor itself.
        if !isClosed, (try? commit()) != nil { Posix.close(fd) }
        syncThread?.stop()
        _ = joinCompression()
    }

    /// Appends one record (a JSON object on one line, without the `\n`).
    @discardableResult
    public func append(_ record: some Collection<UInt8>) throws -> JournalAppendReceipt {
        if let receipt = try record.withContiguousStorageIfAvailable({
            try append(bytes: UnsafeRawBufferPointer($0))
        }) {
            return receipt
        }
        return try Array(record).withUnsafeBytes { try append(bytes: $0) }
    }

    /// Appends one record given as text.
    @discardableResult
    public func append(_ record: String) throws -> JournalAppendReceipt {
        var text = record
        return try text.withUTF8 { try append(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Makes every record appended so far safe to acknowledge (see `settledSequence`): writes it
    /// under `.writeThrough` (normally a no-op there: appends write at once), flushes otherwise.
    /// Returns the settled sequence number.
    @discardableResult
    public func settle() throws -> UInt64 {
        guard !isClosed else { throw JournalError.writerClosed }
        if writesThrough { try writeBuffered() } else { try commit() }
        return settledSequence
    }

    /// Syncs when the oldest record not yet synced has waited the interval (or `maxUnsynced` /
    /// `maxBatch` records wait). For `.writeThrough` writers, called by their owner after it
    /// forwarded what it journaled: the fdatasync never delays a message, and by the time it runs
    /// the hops downstream (which write journals of their own) are done with it. Returns true
    /// when it synced.
    ///
    /// Under `.writeThrough` the sync runs on the writer's sync thread: true means it was
    /// requested, and `durableSequence` moves when it completes. A failed background sync is
    /// thrown here (and the writer closed).
    @discardableResult
    public func syncIfDue() throws -> Bool {
        try checkSyncThread()
        guard togetherDepth == 0, coveredSequence < lastSequence else { return false }
        let waiting = Int(lastSequence - coveredSequence)
        guard waiting >= maxBatch || clock.monotonicNanoseconds() &- oldestUnsyncedMonotonic >= syncInterval else {
            return false
        }
        guard writesThrough else {
            try commit()
            return true
        }
        try writeBuffered()
        let copy: Int32
        do {
            copy = try Posix.duplicate(fd, path: path)
        } catch {
            try commit()  // no descriptor to spare: sync here
            return true
        }
        let thread = syncThread ?? JournalSyncThread()
        syncThread = thread
        thread.request(fd: copy, upTo: writtenSequence, path: path)
        requestedSequence = writtenSequence
        return true
    }

    /// Records covered by a completed or requested sync.
    private var coveredSequence: UInt64 { max(durableSequence, requestedSequence) }

    /// Closes the writer when its sync thread failed: the kernel may have dropped the pages it
    /// could not write, so what follows cannot be trusted to land after them.
    private func checkSyncThread() throws {
        guard !isClosed else { throw JournalError.writerClosed }
        guard let failure = syncThread?.failure else { return }
        isClosed = true
        Posix.close(fd)
        throw failure
    }

    /// Runs `body`, whose appends reach the file in one `write(2)` when it returns (a kill -9 leaves
    /// all of them or none); under `.fsyncEachEvent` one fdatasync follows. Nests. Appends of
    /// `.groupCommit` writers keep their batching.
    public func appendTogether<T>(_ body: () throws -> T) throws -> T {
        guard !isClosed else { throw JournalError.writerClosed }
        togetherDepth += 1
        let result: T
        do {
            result = try body()
        } catch {
            togetherDepth -= 1
            // What was appended stays appended, as if the failure had come after the batch.
            if togetherDepth == 0 && !isClosed { try? finishTogether() }
            throw error
        }
        togetherDepth -= 1
        if togetherDepth == 0 { try finishTogether() }
        return result
    }

    private func finishTogether() throws {
        switch durability {
        case .fsyncEachEvent: try commit()
        case .writeThrough: try writeBuffered()
        case .groupCommit:
            if bufferedRecords >= maxBatch || clock.monotonicNanoseconds() &- lastSyncMonotonic >= syncInterval {
                try commit()
            }
        }
    }

    /// Writes and syncs everything appended so far; returns the durable sequence number.
    @discardableResult
    public func flush() throws -> UInt64 {
        try checkSyncThread()
        try commit()
        return durableSequence
    }

    /// Flushes, then closes the file. Idempotent.
    @discardableResult
    public func close() throws -> UInt64 {
        guard !isClosed else { return durableSequence }
        defer {
            isClosed = true
            Posix.close(fd)
            syncThread?.stop()
        }
        do { try commit() } catch {
            _ = joinCompression()
            throw error
        }
        if let failure = joinCompression() { throw failure }
        return durableSequence
    }

    /// Waits for the compression under way, if any, and gives the first failure of any so far.
    private func joinCompression() -> JournalError? {
        if let failure = compression?.join(), compressionFailure == nil { compressionFailure = failure }
        compression = nil
        return compressionFailure
    }

    private func append(bytes: UnsafeRawBufferPointer) throws -> JournalAppendReceipt {
        try checkSyncThread()
        try JournalRecordShape.validate(bytes)
        let today = clock.now().utcDayNumber
        // Only forward: a clock stepping back keeps writing today's file rather than reopen a
        // closed (maybe compressed) day.
        if today > day { try roll(to: today) }
        let position = JournalPosition(day: day, offset: fileOffset + UInt64(buffer.count))
        if lastSequence == coveredSequence { oldestUnsyncedMonotonic = clock.monotonicNanoseconds() }
        bytes.withMemoryRebound(to: UInt8.self) { buffer.append(contentsOf: $0) }
        buffer.append(0x0A)
        lastSequence += 1
        bufferedRecords += 1
        if togetherDepth > 0 {
            // Written (and synced) when the outermost appendTogether returns.
        } else if writesThrough {
            try writeBuffered()
        } else if bufferedRecords >= maxBatch
            || clock.monotonicNanoseconds() &- lastSyncMonotonic >= syncInterval
        {
            try commit()
        }
        return JournalAppendReceipt(
            sequence: lastSequence, position: position, isDurable: durableSequence >= lastSequence)
    }

    /// One write for everything buffered. A failure leaves the file's tail unknown, so the writer
    /// refuses further appends rather than risk interleaving.
    private func writeBuffered() throws {
        guard !buffer.isEmpty else { return }
        do {
            try buffer.withUnsafeBytes { try Posix.writeAll(fd, $0, path: path) }
        } catch {
            isClosed = true
            Posix.close(fd)
            throw error
        }
        fileOffset += UInt64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
        bufferedRecords = 0
        writtenSequence = lastSequence
    }

    /// One write and one fdatasync for everything not yet durable. A failure closes the writer,
    /// as in `writeBuffered`.
    private func commit() throws {
        lastSyncMonotonic = clock.monotonicNanoseconds()
        try writeBuffered()
        guard durableSequence < writtenSequence else { return }
        do {
            try Posix.syncData(fd, path: path)
        } catch {
            isClosed = true
            Posix.close(fd)
            throw error
        }
        syncedSequence = writtenSequence
    }

    private func roll(to newDay: Int64) throws {
        try commit()
        let closedDay = day
        Posix.close(fd)
        fd = -1
        try openDay(newDay)
        guard compressClosedDays else { return }
        // The day before's compression ended long ago: joining it here does not wait.
        _ = joinCompression()
        compression = JournalDayCompressor(layout: layout, stream: stream, day: closedDay)
    }

    private func openDay(_ newDay: Int64) throws {
        let directory = layout.directory(of: stream)
        try Posix.makeDirectories(directory)
        if Posix.exists(layout.gzipPath(stream, day: newDay))
            && !Posix.exists(layout.plainPath(stream, day: newDay))
        {
            throw JournalError.dayAlreadyClosed(date: JournalDay.format(newDay))
        }
        let newPath = layout.plainPath(stream, day: newDay)
        let created = !Posix.exists(newPath)
        // Read-write so the last byte can be checked; every write still lands at the end (O_APPEND).
        let newFd = try Posix.open(newPath, O_RDWR | O_APPEND | O_CREAT)
        do {
            var size = try Posix.fileSize(newFd, path: newPath)
            if let last = try Posix.lastByte(newFd, size: size, path: newPath), last != 0x0A {
                // A torn tail from a crash: start on a fresh line (see the notes at the top).
                var newline: UInt8 = 0x0A
                try withUnsafeBytes(of: &newline) { try Posix.writeAll(newFd, $0, path: newPath) }
                try Posix.syncData(newFd, path: newPath)
                size += 1
            }
            if created { try Posix.syncDirectory(directory) }
            fd = newFd
            path = newPath
            day = newDay
            fileOffset = size
        } catch {
            Posix.close(newFd)
            throw error
        }
    }
}
