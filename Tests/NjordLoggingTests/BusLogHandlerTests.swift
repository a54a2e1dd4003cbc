import Foundation
import Logging
import NjordCore
import NjordLogging
import Testing

struct BusLogHandlerTests {
    let clock = ManualClock(start: Timestamp(millisecondsSinceEpoch: 1_723_161_905_800))

    func object(_ message: BusMessage) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(message.payload)) as? [String: Any])
    }

    @Test func aWarningLandsOnTheServiceLogTopicAsRedactedNDJSON() throws {
        let bus = InProcessBus(clock: clock)
        let topic = try bus.subscribe([.topic(Topics.log("engine"))])
        let logger = Logger(label: "engine") { BusLogHandler(service: "engine", label: $0, bus: bus, clock: clock) }
        logger.warning("login failed password=hunter2", metadata: ["api_key": "abc123", "venue": "binance"])

        let messages = topic.drain()
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message.topic == "log.engine")
        let text = String(decoding: message.payload, as: UTF8.self)
        #expect(!text.contains("hunter2") && !text.contains("abc123"))
        #expect(!text.hasSuffix("\n"))
        let record = try object(message)
        #expect(record["level"] as? String == "warning")
        #expect(record["service"] as? String == "engine")
        #expect(record["msg"] as? String == "login failed password=***")
        #expect(record["ts"] as? String == "2024-08-09T00:05:05.800Z")
        let meta = try #require(record["meta"] as? [String: Any])
        #expect(meta["api_key"] as? String == "***")
        #expect(meta["venue"] as? String == "binance")
    }

    @Test func infoIsNotPublishedEvenWhenTheHandlerLevelAllowsIt() throws {
        let bus = InProcessBus(clock: clock)
        let topic = try bus.subscribe([.pattern("log.*")])
        let logger = Logger(label: "engine") {
            BusLogHandler(service: "engine", label: $0, level: .trace, bus: bus, clock: clock)
        }
        logger.info("routine")
        logger.notice("routine too")
        logger.error("bad")
        #expect(topic.drain().map { String(decoding: $0.payload, as: UTF8.self) }.count == 1)
    }

    @Test func aFailedPublishIsCountedNotLoggedOrThrown() {
        let counters = BusLogCounters()
        let logger = Logger(label: "engine") {
            BusLogHandler(service: "engine", label: $0, bus: UnreachableBus(reason: "down"), counters: counters)
        }
        logger.error("one")
        logger.critical("two")
        #expect(counters.failed == 2)
        #expect(counters.published == 0)
    }

    @Test func aRecordLoggedFromInsideThePublishIsDroppedInsteadOfRecursing() throws {
        let counters = BusLogCounters()
        let bus = LoggingBus(clock: clock)
        let logger = Logger(label: "engine") {
            BusLogHandler(service: "engine", label: $0, bus: bus, counters: counters)
        }
        bus.logger = logger
        let topic = try bus.subscribe([.topic("log.engine")])
        logger.warning("outer")
        #expect(topic.drain().count == 1)
        #expect(counters.droppedReentries == 1)
    }

    @Test func theMultiplexHandlerWritesInfoToTheFileAndWarningsAlsoToTheBus() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("njord-buslog-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sink = try NjordLogging.makeSink(service: "engine", logDir: dir, humanDescriptor: nil)
        let bus = InProcessBus(clock: clock)
        let topic = try bus.subscribe([.topic("log.engine")])
        let logger = Logger(label: "engine") {
            NjordLogging.handler(service: "engine", label: $0, level: .info, sink: sink, bus: bus, clock: clock)
        }
        logger.debug("dropped everywhere")
        logger.info("file only")
        logger.warning("both")

        let fileLines = try String(contentsOfFile: sink.filePath, encoding: .utf8).split(separator: "\n")
        #expect(fileLines.count == 2)
        let published = topic.drain()
        #expect(published.count == 1)
        #expect(String(decoding: try #require(published.first).payload, as: UTF8.self) == String(fileLines[1]))
    }
}

/// A bus that logs (a warning) while publishing, as a bus reporting its own trouble might.
private final class LoggingBus: MessageBus, @unchecked Sendable {
    private let inner: InProcessBus
    private let lock = NjordCore.Mutex()
    private var storedLogger: Logger?
    var logger: Logger? {
        get { lock.withLock { storedLogger } }
        set { lock.withLock { storedLogger = newValue } }
    }

    init(clock: any NjordCore.Clock) { inner = InProcessBus(clock: clock) }

    func publish(_ payload: [UInt8], on topic: String) throws(BusError) {
        logger?.warning("publishing on \(topic)")
        try inner.publish(payload, on: topic)
    }
    func subscribe(_ subscriptions: [Subscription]) throws(BusError) -> BusSubscription {
        try inner.subscribe(subscriptions)
    }
    func subscribe(_ subscriptions: [Subscription], handler: @escaping @Sendable (BusMessage) -> Void)
        throws(BusError) -> BusSubscription
    {
        try inner.subscribe(subscriptions, handler: handler)
    }
    func append(_ payload: [UInt8], to stream: String) throws(BusError) -> StreamEntryID {
        try inner.append(payload, to: stream)
    }
    func append(contentsOf payloads: [[UInt8]], to stream: String) throws(BusError) -> [StreamEntryID] {
        try inner.append(contentsOf: payloads, to: stream)
    }
    func createGroup(_ group: String, on stream: String) throws(BusError) { try inner.createGroup(group, on: stream) }
    func readGroup(stream: String, group: String, consumer: String, count: Int, blockMilliseconds: Int)
        throws(BusError) -> [StreamEntry]
    {
        try inner.readGroup(
            stream: stream, group: group, consumer: consumer, count: count, blockMilliseconds: blockMilliseconds)
    }
    func acknowledge(_ ids: [StreamEntryID], stream: String, group: String) throws(BusError) {
        try inner.acknowledge(ids, stream: stream, group: group)
    }
    func claimIdle(stream: String, group: String, consumer: String, minIdleMilliseconds: Int, count: Int)
        throws(BusError) -> [StreamEntry]
    {
        try inner.claimIdle(
            stream: stream, group: group, consumer: consumer, minIdleMilliseconds: minIdleMilliseconds, count: count)
    }
    func pendingCount(stream: String, group: String) throws(BusError) -> Int {
        try inner.pendingCount(stream: stream, group: group)
    }
    func length(of stream: String) throws(BusError) -> Int { try inner.length(of: stream) }
    func value(forKey key: String) throws(BusError) -> [UInt8]? { try inner.value(forKey: key) }
    func setValue(_ value: [UInt8], forKey key: String) throws(BusError) { try inner.setValue(value, forKey: key) }
    func deleteValue(forKey key: String) throws(BusError) { try inner.deleteValue(forKey: key) }
    var status: BusStatus { inner.status }
}
