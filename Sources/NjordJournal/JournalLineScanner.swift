#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits one day file's bytes into lines: reads big chunks into one buffer, finds newlines with
/// `memchr`, hands each valid line to the caller as a borrowed buffer (no copy, no String), and
/// keeps the unfinished last line for the next read.
final class JournalLineScanner {
    private var storage: UnsafeMutableRawBufferPointer
    private var start = 0  // first byte of the unfinished line
    private var end = 0  // end of bytes read
    private var baseOffset: UInt64  // file offset of storage[0]
    private let day: Int64
    private let stream: String
    private let path: String

    init(file: JournalDayFile, stream: String, startOffset: UInt64, capacity: Int = 1 << 20) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        baseOffset = startOffset
        day = file.day
        self.stream = stream
        path = file.path
    }

    deinit { storage.deallocate() }

    /// Offset just past the last complete line: where a resumed read starts.
    var resumeOffset: UInt64 { baseOffset + UInt64(start) }
    /// Bytes read after the last newline.
    var pendingCount: Int { end - start }

    /// The pending bytes as a torn-tail issue (call at the true end of a file), or nil.
    func tornTail() -> JournalIssue? {
        guard pendingCount > 0 else { return nil }
        return JournalIssue(
            kind: .tornTail, stream: stream, path: path,
            position: JournalPosition(day: day, offset: resumeOffset), length: pendingCount)
    }

    /// Reads one chunk and delivers the lines it completes. Returns the bytes read; 0 means the
    /// source is at its (current) end.
    func readAndScan(
        _ source: any JournalByteSource, summary: inout JournalReadSummary,
        onIssue: ((JournalIssue) -> Void)?,
        _ body: (UnsafeRawBufferPointer, JournalPosition) throws -> Void
    ) throws -> Int {
        makeRoom()
        let n = try source.read(
            into: UnsafeMutableRawBufferPointer(rebasing: storage[end..<storage.count]))
        guard n > 0 else { return 0 }
        let base = UnsafeRawPointer(storage.baseAddress!)
        var searchFrom = end  // bytes before were searched already and hold no newline
        end += n
        var lineStart = start
        var records = 0
        while searchFrom < end, let hit = memchr(base + searchFrom, 0x0A, end - searchFrom) {
            let nl = base.distance(to: UnsafeRawPointer(hit))
            let line = UnsafeRawBufferPointer(start: base + lineStart, count: nl - lineStart)
            let position = JournalPosition(day: day, offset: baseOffset + UInt64(lineStart))
            if JournalRecordShape.isJSONObject(line) {
                records += 1
                try body(line, position)
            } else {
                let issue = JournalIssue(
                    kind: .corruptLine, stream: stream, path: path, position: position, length: line.count)
                summary.issues.append(issue)
                onIssue?(issue)
            }
            lineStart = nl + 1
            searchFrom = lineStart
            start = lineStart  // kept current so a throwing body leaves a correct resume offset
        }
        summary.records += records
        return n
    }

    /// Moves the unfinished line to the front, growing the buffer when one line fills it.
    private func makeRoom() {
        if start > 0 {
            let pending = end - start
            if pending > 0 {
                memmove(storage.baseAddress!, storage.baseAddress! + start, pending)
            }
            baseOffset += UInt64(start)
            start = 0
            end = pending
        }
        if end == storage.count {
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: storage.count * 2, alignment: 16)
            bigger.copyMemory(from: UnsafeRawBufferPointer(storage))
            storage.deallocate()
            storage = bigger
        }
    }
}
