public import Logging
public import NjordCore

/// Keeps records in memory, redacted exactly as the file handler would write them; for tests.
public final class MemoryLogStore: @unchecked Sendable {
    private let lock = Mutex()
    private var stored: [LogRecord] = []

    public init() {}

    public var records: [LogRecord] { lock.withLock { stored } }

    func append(_ record: LogRecord) { lock.withLock { stored.append(record) } }
}

/// A swift-log handler writing into a `MemoryLogStore`.
public struct MemoryLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level
    public let service: String
    public let store: MemoryLogStore
    private let clock: any Clock

    public init(
        service: String, level: Logger.Level = .trace, store: MemoryLogStore, clock: any Clock = SystemClock()
    ) {
        self.service = service
        self.logLevel = level
        self.store = store
        self.clock = clock
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        store.append(
            LogRecordBuilder.record(
                event: event, service: service, label: service, handlerMetadata: metadata,
                provider: metadataProvider, time: clock.now()))
    }
}
