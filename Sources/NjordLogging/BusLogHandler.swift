public import Logging
public import NjordCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Publishes every warning-and-above record on `log.<service>` (``Topics/log(_:)``) as the same
/// NDJSON line the file handler writes (without its newline), secrets redacted, so the console
/// and alerting see problems without tailing files.
///
/// Never blocks the caller beyond queueing (bus publishing is fire-and-forget) and never recurses:
/// a failed publish is only counted in ``BusLogCounters`` (logging it would log again), and a
/// record logged by the bus itself while this handler is publishing on the same thread is dropped.
public struct BusLogHandler: LogHandler {
    /// Records below this level are never published, whatever `logLevel` says.
    public static let floor: Logger.Level = .warning

    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level
    public let service: String
    public let label: String
    public let counters: BusLogCounters
    private let bus: any MessageBus
    private let topic: String
    private let clock: any Clock

    public init(
        service: String, label: String? = nil, level: Logger.Level = .warning, bus: any MessageBus,
        counters: BusLogCounters = BusLogCounters(), clock: any Clock = SystemClock()
    ) {
        self.service = service
        self.label = label ?? service
        self.logLevel = max(level, Self.floor)
        self.bus = bus
        self.counters = counters
        self.topic = Topics.log(service)
        self.clock = clock
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        guard event.level >= Self.floor, event.level >= logLevel else { return }
        guard !PublishingGuard.isActive else {
            counters.recordDroppedReentry()
            return
        }
        let record = LogRecordBuilder.record(
            event: event, service: service, label: label, handlerMetadata: metadata,
            provider: metadataProvider, time: clock.now())
        PublishingGuard.isActive = true
        defer { PublishingGuard.isActive = false }
        do {
            try bus.publish(Array(record.ndjson.utf8), on: topic)
            counters.recordPublished()
        } catch {
            counters.recordFailure()
        }
    }
}

/// Counts what a ``BusLogHandler`` did; shared by the handler's copies (one per `Logger`).
public final class BusLogCounters: @unchecked Sendable {
    private let lock = Mutex()
    private var publishedCount = 0
    private var failedCount = 0
    private var reentryCount = 0

    public init() {}

    /// Records handed to the bus.
    public var published: Int { lock.withLock { publishedCount } }
    /// Records the bus refused (disconnected, closed); they are still in the file log.
    public var failed: Int { lock.withLock { failedCount } }
    /// Records dropped because they were logged from inside a publish (the bus logging itself).
    public var droppedReentries: Int { lock.withLock { reentryCount } }

    func recordPublished() { lock.withLock { publishedCount += 1 } }
    func recordFailure() { lock.withLock { failedCount += 1 } }
    func recordDroppedReentry() { lock.withLock { reentryCount += 1 } }
}

/// A per-thread flag set while a handler publishes, so that anything the bus logs from inside
/// `publish` on that thread is not published again (which would recurse).
enum PublishingGuard {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "pthread_key_create failed")
        return key
    }()

    static var isActive: Bool {
        get { pthread_getspecific(key) != nil }
        set { pthread_setspecific(key, newValue ? UnsafeRawPointer(bitPattern: 1) : nil) }
    }
}
