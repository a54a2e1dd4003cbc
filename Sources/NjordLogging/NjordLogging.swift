import Foundation
public import Logging
public import NjordCore

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

    /// Like ``bootstrap(service:logDir:level:)``, and also publishes warnings and above on the bus
    /// (`log.<service>`, see ``BusLogHandler``). Returns the sink and the bus handler's counters.
    @discardableResult
    public static func bootstrap(service: String, logDir: String, level: Logger.Level, bus: any MessageBus)
        throws(LoggingSetupError) -> (sink: LogSink, busCounters: BusLogCounters)
    {
        let sink = try makeSink(service: service, logDir: logDir)
        let counters = BusLogCounters()
        LoggingSystem.bootstrap { label in
            handler(service: service, label: label, level: level, sink: sink, bus: bus, busCounters: counters)
        }
        return (sink, counters)
    }

    /// One handler writing to the file sink (and its human stream) at `level` and to the bus at
    /// warning and above; what ``bootstrap(service:logDir:level:bus:)`` installs, usable without it.
    public static func handler(
        service: String, label: String? = nil, level: Logger.Level, sink: LogSink, bus: any MessageBus,
        busCounters: BusLogCounters = BusLogCounters(), clock: any Clock = SystemClock()
    ) -> MultiplexLogHandler {
        MultiplexLogHandler([
            NDJSONLogHandler(service: service, label: label, level: level, sink: sink, clock: clock),
            BusLogHandler(
                service: service, label: label, level: max(level, BusLogHandler.floor), bus: bus,
                counters: busCounters, clock: clock),
        ])
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
