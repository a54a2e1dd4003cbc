public import Logging
public import NjordCore

/// The stack's swift-log handler: redacts secrets, then writes one NDJSON line per event to the sink
/// (and a readable line to its human stream).
public struct NDJSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level
    public let service: String
    /// The logger's label; recorded in `meta.logger` when it differs from the service.
    public let label: String
    private let sink: LogSink
    private let clock: any Clock

    public init(
        service: String, label: String? = nil, level: Logger.Level = .info, sink: LogSink,
        clock: any Clock = SystemClock()
    ) {
        self.service = service
        self.label = label ?? service
        self.logLevel = level
        self.sink = sink
        self.clock = clock
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        sink.write(
            LogRecordBuilder.record(
                event: event, service: service, label: label, handlerMetadata: metadata,
                provider: metadataProvider, time: clock.now()))
    }
}

/// Merges the metadata of handler, provider and call site (call site wins) and redacts the result.
enum LogRecordBuilder {
    static func record(
        event: LogEvent, service: String, label: String, handlerMetadata: Logger.Metadata,
        provider: Logger.MetadataProvider?, time: Timestamp
    ) -> LogRecord {
        var merged = handlerMetadata
        if let provided = provider?.get() { merged.merge(provided) { _, new in new } }
        if let callSite = event.metadata { merged.merge(callSite) { _, new in new } }
        if let error = event.error { merged["error"] = .string(String(describing: error)) }
        if label != service { merged["logger"] = .string(label) }
        return LogRecord(
            timestamp: time, level: event.level, service: service,
            message: SecretRedactor.redact(message: event.message.description),
            metadata: SecretRedactor.redact(merged))
    }
}
