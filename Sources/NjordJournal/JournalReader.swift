#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a stream's records across days, in order, from plain and gzip day files alike.
///
/// Records arrive as borrowed bytes (valid only inside the closure) with their position, so the
/// hot path makes no String and no copy. Damaged spots (torn tails, corrupt lines) are skipped,
/// reported to `onIssue` as they are met and listed in the returned summary.
public struct JournalReader: Sendable {
    public let layout: JournalLayout
    public let stream: JournalStreamName

    public init(root: String = JournalLayout.defaultRoot, stream: String) throws {
        layout = JournalLayout(root: root)
        self.stream = try JournalStreamName(stream)
    }

    /// The stream's day files in order.
    public func dayFiles() throws -> [JournalDayFile] { try layout.dayFiles(of: stream) }

    /// Calls `body` for every valid record at or after `from` (all records when nil). Bytes after
    /// the last newline of each file are reported as a torn tail: call this on files no writer is
    /// appending to, or use `follow` for a live stream.
    @discardableResult
    public func forEachRecord(
        from: JournalPosition? = nil, onIssue: ((JournalIssue) -> Void)? = nil,
        _ body: (UnsafeRawBufferPointer, JournalPosition) throws -> Void
    ) throws -> JournalReadSummary {
        var summary = JournalReadSummary()
        for file in try dayFiles() where from.map({ file.day >= $0.day }) ?? true {
            let startOffset = from.flatMap { $0.day == file.day ? $0.offset : nil } ?? 0
            let scanner = try scanFile(file, from: startOffset, summary: &summary, onIssue: onIssue, body)
            if let torn = scanner.tornTail() {
                summary.issues.append(torn)
                onIssue?(torn)
            }
            summary.resumePosition = JournalPosition(day: file.day, offset: scanner.resumeOffset)
        }
        return summary
    }

    /// Like `forEachRecord`, then keeps reading what writers append (`tail -f`): whenever it has
    /// caught up it asks `wait` and stops when that returns false. An unfinished last line of the
    /// live file is held back until its newline arrives; it is reported torn only once a later
    /// day's file exists (the writer has moved on) or the file is a closed gzip day.
    @discardableResult
    public func follow(
        from: JournalPosition? = nil, wait: any JournalWaitStrategy,
        onIssue: ((JournalIssue) -> Void)? = nil,
        _ body: (UnsafeRawBufferPointer, JournalPosition) throws -> Void
    ) throws -> JournalReadSummary {
        var summary = JournalReadSummary()
        var position = from ?? JournalPosition(day: Int64.min, offset: 0)
        while true {
            guard let file = try dayFiles().first(where: { $0.day >= position.day }) else {
                if try !wait.waitForMoreData() { return summary }
                continue
            }
            if file.day > position.day { position = JournalPosition(day: file.day, offset: 0) }
            let source: any JournalByteSource
            do {
                source = try file.openSource()
            } catch JournalError.system(_, _, let code) where code == ENOENT {
                continue  // compressed and removed between listing and opening; list again
            }
            try source.skip(position.offset)
            let scanner = JournalLineScanner(
                file: file, stream: stream.rawValue, startOffset: position.offset)
            while true {
                while try scanner.readAndScan(source, summary: &summary, onIssue: onIssue, body) > 0 {}
                position.offset = scanner.resumeOffset
                summary.resumePosition = position
                let closed = try file.isCompressed || dayFiles().contains { $0.day > file.day }
                if closed {
                    // The writer has left this day: drain what it wrote before leaving.
                    while try scanner.readAndScan(source, summary: &summary, onIssue: onIssue, body) > 0 {}
                    if let torn = scanner.tornTail() {
                        summary.issues.append(torn)
                        onIssue?(torn)
                    }
                    summary.resumePosition = JournalPosition(day: file.day, offset: scanner.resumeOffset)
                    position = JournalPosition(day: file.day + 1, offset: 0)
                    break
                }
                if try !wait.waitForMoreData() { return summary }
            }
        }
    }

    private func scanFile(
        _ file: JournalDayFile, from offset: UInt64, summary: inout JournalReadSummary,
        onIssue: ((JournalIssue) -> Void)?, _ body: (UnsafeRawBufferPointer, JournalPosition) throws -> Void
    ) throws -> JournalLineScanner {
        let source = try file.openSource()
        try source.skip(offset)
        let scanner = JournalLineScanner(file: file, stream: stream.rawValue, startOffset: offset)
        while try scanner.readAndScan(source, summary: &summary, onIssue: onIssue, body) > 0 {}
        return scanner
    }
}
