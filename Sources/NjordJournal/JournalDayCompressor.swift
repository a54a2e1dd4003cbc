import NjordCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Compresses one closed day of a journal on a thread of its own, so that the append that rolled
/// the day — the first order of a UTC day on the order path — does not wait for a whole day's gzip.
/// The steps are those of the writer's start-up: gzip to `<day>.ndjson.gz.tmp`, rename, sync the
/// directory, remove the plain file, sync again. Until they are done, readers read the plain file
/// (they prefer it when both exist); a crash midway leaves the plain file, which the next writer
/// compresses at its start. ``join()`` waits for the end and gives the failure, if any.
/// `failure` is written by the thread before it ends and read after the join.
final class JournalDayCompressor: @unchecked Sendable {
    private let layout: JournalLayout
    private let stream: JournalStreamName
    private let day: Int64
    private var failure: JournalError?
    private var thread: JoinableThread?

    /// Starts compressing `day` of `stream`.
    init(layout: JournalLayout, stream: JournalStreamName, day: Int64) {
        self.layout = layout
        self.stream = stream
        self.day = day
        thread = JoinableThread.start { self.failure = self.compress() }
        // No thread to spare: compress here, as the writer did before.
        if thread == nil { failure = compress() }
    }

    /// Waits for the compression to end; its failure, if it failed. Call once.
    func join() -> JournalError? {
        thread?.join()
        thread = nil
        return failure
    }

    /// Compresses the day now, on the calling thread (the writer's start-up uses it for leftovers).
    static func compress(layout: JournalLayout, stream: JournalStreamName, day: Int64) throws {
        let plain = layout.plainPath(stream, day: day)
        let gzip = layout.gzipPath(stream, day: day)
        let directory = layout.directory(of: stream)
        try Gzip.compressFile(from: plain, to: gzip + ".tmp")
        try Posix.rename(gzip + ".tmp", gzip)
        try Posix.syncDirectory(directory)
        // Only now that the gzip is durable may the plain file go.
        try Posix.unlink(plain)
        try Posix.syncDirectory(directory)
    }

    private func compress() -> JournalError? {
        do {
            try Self.compress(layout: layout, stream: stream, day: day)
            return nil
        } catch let error as JournalError {
            return error
        } catch {
            return .system(call: "compress", path: layout.plainPath(stream, day: day), errno: EIO)
        }
    }
}
