import NjordCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where records end up: an NDJSON file opened with `O_APPEND` (one `write` per line, so lines from
/// several processes never interleave mid-line) and, optionally, a human-readable stream (stderr).
/// Shared by every copy of a handler; the lock keeps lines whole across threads.
public final class LogSink: @unchecked Sendable {
    private let lock = Mutex()
    private let fileDescriptor: Int32
    private let humanDescriptor: Int32?
    public let filePath: String

    /// Opens (creating) `filePath` for appending; `humanDescriptor` defaults to stderr (2), nil for none.
    public init(filePath: String, humanDescriptor: Int32? = 2) throws(LoggingSetupError) {
        let fd = open(filePath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw .cannotOpen(path: filePath, errno: errno) }
        self.fileDescriptor = fd
        self.humanDescriptor = humanDescriptor
        self.filePath = filePath
    }

    deinit { close(fileDescriptor) }

    public func write(_ record: LogRecord) {
        let line = record.ndjson + "\n"
        let human = humanDescriptor.map { _ in record.humanLine + "\n" }
        lock.withLock {
            Self.writeAll(fileDescriptor, line)
            if let humanDescriptor, let human { Self.writeAll(humanDescriptor, human) }
        }
    }

    /// Best effort: a log line that cannot be written must not take the process down.
    private static func writeAll(_ fd: Int32, _ text: String) {
        _ = FileWrite.all(fd, Array(text.utf8))
    }
}

/// Why logging could not be set up.
public enum LoggingSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The log directory could not be created.
    case cannotCreateDirectory(path: String, errno: Int32)
    /// The log file could not be opened for appending.
    case cannotOpen(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let code):
            return "cannot create log directory \(path): \(String(cString: strerror(code)))"
        case .cannotOpen(let path, let code):
            return "cannot open log file \(path): \(String(cString: strerror(code)))"
        }
    }
}
