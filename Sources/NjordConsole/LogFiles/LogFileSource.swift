/// Where the Logs screen's tail of the services' NDJSON log files comes from. The console never
/// reads files itself: NjordApp injects a tailer over the log directory, and ``ConsoleRuntime``
/// polls it every ``ConsoleRuntime/logFilePollNanoseconds`` on the UI thread, so a poll must
/// return quickly and read a bounded amount.
public protocol LogFileSource: AnyObject {
    /// The whole lines written since the last poll (oldest first per file) and what happened to
    /// the files themselves.
    func poll() -> LogFileBatch
}

/// One poll's worth of a ``LogFileSource``.
public struct LogFileBatch: Sendable, Hashable {
    public var lines: [LogFileLine]
    public var notices: [LogFileNotice]

    public init(lines: [LogFileLine] = [], notices: [LogFileNotice] = []) {
        self.lines = lines
        self.notices = notices
    }

    public var isEmpty: Bool { lines.isEmpty && notices.isEmpty }
}

/// One line of `<service>.ndjson`, without its newline, as written (the reducer decodes it).
public struct LogFileLine: Sendable, Hashable {
    /// The service the file is named after.
    public var service: String
    public var bytes: [UInt8]

    public init(service: String, bytes: [UInt8]) {
        self.service = service
        self.bytes = bytes
    }
}

/// Something that happened to a log file (rotated, truncated, skipped ahead, unreadable), in one
/// sentence; shown on the Logs screen as a warning of the file's service.
public struct LogFileNotice: Sendable, Hashable {
    public var service: String
    public var message: String

    public init(service: String, message: String) {
        self.service = service
        self.message = message
    }
}
