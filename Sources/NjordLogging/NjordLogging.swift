import Foundation
public import Logging

/// Process-wide logging setup for the stack's executables.
public enum NjordLogging {
    /// The file a service logs to: `<logDir>/<service>.ndjson`.
    public static func logFilePath(service: String, logDir: String) -> String {
        logDir.hasSuffix("/") ? "\(logDir)\(service).ndjson" : "\(logDir)/\(service).ndjson"
    }

    /// Creates `logDir`, opens `<logDir>/<service>.ndjson` and makes every `Logger` of the process write
    /// NDJSON there and a readable line to stderr. swift-log allows this once per process, so call it
    /// first thing in `main` (never from tests — they use `NDJSONLogHandler` or `MemoryLogHandler`).
    @discardableResult
    public static func bootstrap(service: String, logDir: String, level: Logger.Level)
        throws(LoggingSetupError)
        -> LogSink
    {
        let sink = try makeSink(service: service, logDir: logDir)
        LoggingSystem.bootstrap { label in
            NDJSONLogHandler(service: service, label: label, level: level, sink: sink)
        }
        return sink
    }

    /// The sink `bootstrap` uses, without touching the global logging system.
    public static func makeSink(service: String, logDir: String, humanDescriptor: Int32? = 2)
        throws(LoggingSetupError) -> LogSink
    {
        do {
            try FileManager.default.createDirectory(atPath: logDir, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateDirectory(path: logDir, errno: Int32((error as NSError).code))
        }
        return try LogSink(
            filePath: logFilePath(service: service, logDir: logDir), humanDescriptor: humanDescriptor)
    }
}
