import Foundation
import Logging
import NjordConfig
import NjordCore
import NjordLogging

/// A daemon's NDJSON log: once started, every line the daemon writes through ``StandardError``
/// also goes, as a record of its service, to `<paths.log_dir>/<service>.ndjson` (what the
/// console's Logs screen tails on the same machine) and — warnings and above — to
/// `log.<service>` on the bus (``BusLogHandler``). Standard error keeps the plain line as before,
/// so the file handler writes no human copy. Without a configuration that loads (the daemon
/// reports why) there is no file log; a log file that cannot be opened is reported on standard
/// error and the daemon goes on without it.
enum ServiceLog {
    private static let state = Mutex()
    nonisolated(unsafe) private static var logger: Logger?

    /// ``start(service:base:bus:)`` with the `paths.log_dir` and `log.level` of `configDir`'s
    /// configuration (environment overrides applied).
    static func start(service: String, configDir: String, bus: (any MessageBus)?) {
        guard
            let base = try? NjordConfiguration.load(
                directory: configDir, environment: ProcessInfo.processInfo.environment
            ).base
        else { return }
        start(service: service, base: base, bus: bus)
    }

    /// Installs the process-wide logging (swift-log allows it once per process; a second call is
    /// ignored). `bus` is the daemon's own connection; nil logs to the file only.
    static func start(service: String, base: BaseConfig, bus: (any MessageBus)?) {
        state.withLock {
            guard logger == nil else { return }
            let sink: LogSink
            do {
                sink = try NjordLogging.makeSink(service: service, logDir: base.paths.logDir, humanDescriptor: nil)
            } catch {
                FileHandle.standardError.write(Data("\(service): log file: \(error); logging to stderr only\n".utf8))
                return
            }
            let level = Logger.Level(rawValue: base.log.level.rawValue) ?? .info
            LoggingSystem.bootstrap { label in
                if let bus {
                    return NjordLogging.handler(service: service, label: label, level: level, sink: sink, bus: bus)
                }
                return NDJSONLogHandler(service: service, label: label, level: level, sink: sink)
            }
            logger = Logger(label: service)
        }
    }

    /// Records `line` at `level` when a service log was started.
    static func record(_ line: String, level: Logger.Level) {
        guard let logger = state.withLock({ logger }) else { return }
        logger.log(level: level, "\(line)")
    }
}
