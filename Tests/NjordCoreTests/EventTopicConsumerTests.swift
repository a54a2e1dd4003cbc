import NjordCore
import NjordTestSupport
import Testing

struct EventTopicConsumerTests {
    /// A bus whose streams refuse writes: dead letters cannot be kept.
    private final class StreamsDownBus: MessageBus, @unchecked Sendable {
        let inner = InProcessBus(clock: ManualClock())
        func publish(_ payload: [UInt8], on topic: String) throws(BusError) { try inner.publish(payload, on: topic) }
        func subscribe(_ s: [Subscription]) throws(BusError) -> BusSubscription { try inner.subscribe(s) }
        func subscribe(_ s: [Subscription], handler: @escaping @Sendable (BusMessage) -> Void) throws(BusError)
            -> BusSubscription
        { try inner.subscribe(s, handler: handler) }
        func append(_ payload: [UInt8], to stream: String) throws(BusError) -> StreamEntryID {
            throw .disconnected("down")
        }
        func append(contentsOf payloads: [[UInt8]], to stream: String) throws(BusError) -> [StreamEntryID] {
            throw .disconnected("down")
        }
        func createGroup(_ group: String, on stream: String) throws(BusError) { throw .disconnected("down") }
        func readGroup(stream: String, group: String, consumer: String, count: Int, blockMilliseconds: Int)
            throws(BusError) -> [StreamEntry]
        { throw .disconnected("down") }
        func acknowledge(_ ids: [StreamEntryID], stream: String, group: String) throws(BusError) {}
        func claimIdle(stream: String, group: String, consumer: String, minIdleMilliseconds: Int, count: Int)
            throws(BusError) -> [StreamEntry]
        { [] }
        func pendingCount(stream: String, group: String) throws(BusError) -> Int { 0 }
        func length(of stream: String) throws(BusError) -> Int { 0 }
        func value(forKey key: String) throws(BusError) -> [UInt8]? { nil }
        func setValue(_ value: [UInt8], forKey key: String) throws(BusError) {}
        func deleteValue(forKey key: String) throws(BusError) {}
        var status: BusStatus { inner.status }
    }

    @Test func aDeadLetterThatCannotBeWrittenIsCountedAndTheConsumerKeepsGoing() throws {
        let bus = StreamsDownBus()
        let reports = Collector<BadInputReport>()
        let consumer = EventTopicConsumer(bus: bus, consumer: "strategy", clock: ManualClock(), report: reports.append)
        let good = try SampleEvents.trade(sequence: 1)
        #expect(consumer.decode(BusMessage(topic: "md.trade.BTCUSDT", payload: Array("garbage".utf8))) == nil)
        #expect(consumer.decode(BusMessage(topic: "md.trade.BTCUSDT", payload: good.encoded())) == good)
        #expect(consumer.counters.deadLettered == 1)
        #expect(consumer.counters.deadLetterFailures == 1)
        #expect(consumer.counters.decoded == 1)
        #expect(reports.all.map(\.kind) == [.malformedJSON])
    }
}
