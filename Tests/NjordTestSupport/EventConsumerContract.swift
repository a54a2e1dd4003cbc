public import NjordCore
import Testing

/// What the event consumers hold on any ``MessageBus``, as one suite run against each
/// implementation (the in-process bus in NjordCoreTests, a real Redis in NjordRedisTests).
/// Each check takes a fresh bus; consumer clocks are manual, so rate limits are exact.
public enum EventConsumerContract {
    public static let allChecks: [(name: String, check: @Sendable (any MessageBus) throws -> Void)] = [
        ("garbage on a stream is dead-lettered and the events around it applied", garbageOnAStreamIsDeadLettered),
        ("a duplicated event is applied once", duplicatedEventIsAppliedOnce),
        ("garbage on a topic is dead-lettered and gaps are counted", garbageOnATopicIsDeadLetteredAndGapsCounted),
    ]

    static let reportInterval: UInt64 = 10_000_000_000

    static func unique(_ prefix: String) -> String { "\(prefix):\(UInt32.random(in: 0...UInt32.max))" }

    /// Runs rounds until one finds nothing new (the consumer must not wait: blockMilliseconds 0).
    public static func drain(_ consumer: EventStreamConsumer, _ handler: (EventEnvelope) throws -> Void) throws {
        var rounds = 0
        while try consumer.process(handler) > 0 {
            rounds += 1
            precondition(rounds < 100_000, "the consumer never ran dry")
        }
    }

    /// The dead letters from `origin`, in the order they were written.
    public static func deadLetters(on bus: any MessageBus, origin: String) throws -> [DeadLetter] {
        let group = unique("inspect")
        try bus.createGroup(group, on: Topics.deadLetters)
        var letters: [DeadLetter] = []
        while true {
            let entries = try bus.readGroup(
                stream: Topics.deadLetters, group: group, consumer: "inspector", count: 500, blockMilliseconds: 0)
            if entries.isEmpty { break }
            for entry in entries {
                let letter = try DeadLetter(json: entry.payload)
                if letter.origin == origin { letters.append(letter) }
            }
        }
        return letters
    }

    /// The reason of a dead letter names what was wrong, as the decoder said it.
    static func reasonFits(_ letter: DeadLetter) -> Bool {
        switch letter.kind {
        case .malformedJSON: letter.reason.contains("malformed JSON")
        case .unknownType: letter.reason.hasPrefix("type: unknown event type \"order.wish\"")
        case .unsupportedVersion: letter.reason.hasPrefix("v: unsupported version 2")
        default: false
        }
    }

    public static func garbageOnAStreamIsDeadLettered(_ bus: any MessageBus) throws {
        let stream = unique("contract:intents")
        let garbage = try SampleEvents.garbage()
        var payloads: [[UInt8]] = []
        var goodIds: [String] = []
        for (i, bad) in garbage.enumerated() {
            let event = try SampleEvents.orderIntent(i)
            payloads += [event.encoded(), bad.payload]
            goodIds.append(event.id)
        }
        let last = try SampleEvents.orderIntent(garbage.count)
        payloads.append(last.encoded())
        goodIds.append(last.id)

        let clock = ManualClock(start: Timestamp(millisecondsSinceEpoch: 1_723_161_300_000))
        let reports = Collector<BadInputReport>()
        let consumer = EventStreamConsumer(
            bus: bus,
            options: .init(
                stream: stream, group: "risk", consumer: "risk-1", batchSize: 4, blockMilliseconds: 0,
                reportIntervalNanoseconds: reportInterval),
            clock: clock, report: reports.append)
        try consumer.start()
        try bus.append(contentsOf: payloads, to: stream)
        var applied: [String] = []
        try drain(consumer) { applied.append($0.id) }

        #expect(applied == goodIds, "every good event applied, in order, past the garbage")
        var expected = EventStreamConsumer.Counters()
        expected.received = payloads.count
        expected.applied = goodIds.count
        expected.deadLettered = garbage.count
        #expect(consumer.counters == expected)
        #expect(consumer.deadLetteredByKind == [.malformedJSON: 3, .unknownType: 1, .unsupportedVersion: 1])
        #expect(try bus.pendingCount(stream: stream, group: "risk") == 0, "garbage is acknowledged, never redelivered")

        let letters = try deadLetters(on: bus, origin: stream)
        #expect(letters.map(\.payload) == garbage.map(\.payload), "the exact bytes are kept")
        #expect(letters.map(\.kind) == garbage.map(\.kind))
        for letter in letters {
            #expect(letter.consumer == "risk/risk-1")
            #expect(letter.at == clock.now())
            #expect(reasonFits(letter), "reason '\(letter.reason)' for \(letter.kind)")
        }

        // One report per kind in the interval; the next one after it says how many were held back.
        #expect(reports.all.map(\.kind) == [.malformedJSON, .unknownType, .unsupportedVersion])
        #expect(reports.all.allSatisfy { $0.suppressed == 0 && $0.origin == stream })
        clock.advance(nanoseconds: Int64(reportInterval))
        let after = try SampleEvents.orderIntent(100)
        try bus.append(contentsOf: [garbage[0].payload, after.encoded()], to: stream)
        try drain(consumer) { applied.append($0.id) }
        #expect(applied.last == after.id)
        #expect(reports.all.count == 4)
        let lastReport = try #require(reports.all.last)
        #expect(lastReport.kind == .malformedJSON)
        #expect(lastReport.suppressed == 2, "the two malformed messages held back in the interval")
        #expect(lastReport.total == 4)
    }

    public static func duplicatedEventIsAppliedOnce(_ bus: any MessageBus) throws {
        let stream = unique("contract:fills")
        let events = try (1...3).map { try SampleEvents.orderIntent($0) }
        let journaled = try SampleEvents.orderIntent(0)
        let consumer = EventStreamConsumer(
            bus: bus,
            options: .init(stream: stream, group: "portfolio", consumer: "p-1", batchSize: 2, blockMilliseconds: 0),
            clock: ManualClock())
        try consumer.start()
        // The service's journal says it applied event 0 already (before a crash, say).
        consumer.seedApplied([journaled.id])
        let order = [journaled, events[0], events[1], events[0], events[2], events[1], events[2]]
        try bus.append(contentsOf: order.map { $0.encoded() }, to: stream)
        var applied: [String] = []
        try drain(consumer) { applied.append($0.id) }
        #expect(applied == events.map(\.id))
        #expect(consumer.counters.duplicates == 4)
        #expect(consumer.counters.received == order.count)
        #expect(try bus.pendingCount(stream: stream, group: "portfolio") == 0, "duplicates are acknowledged")
    }

    public static func garbageOnATopicIsDeadLetteredAndGapsCounted(_ bus: any MessageBus) throws {
        let topic = unique("contract.md.trade")
        let subscription = try bus.subscribe([.topic(topic)])
        defer { subscription.close() }
        let reports = Collector<BadInputReport>()
        let consumer = EventTopicConsumer(
            bus: bus, consumer: "strategy", clock: ManualClock(), reportIntervalNanoseconds: reportInterval,
            report: reports.append)
        let garbage = try SampleEvents.garbage()
        // Source a: 1 2 3, then 6 7 (4 and 5 lost), restart 1 2, a late 2. Source b joins at 10: 10 11 13.
        let plan: [(String, UInt64)] = [
            ("a", 1), ("b", 10), ("a", 2), ("a", 3), ("b", 11), ("a", 6), ("a", 7), ("b", 13), ("a", 1), ("a", 2),
            ("a", 2),
        ]
        var sent = 0
        for (i, (source, sequence)) in plan.enumerated() {
            try bus.publish(SampleEvents.trade(sequence: sequence, source: source).encoded(), on: topic)
            if i < garbage.count { try bus.publish(garbage[i].payload, on: topic) }
            sent += i < garbage.count ? 2 : 1
        }
        var decoded: [String] = []
        while decoded.count < plan.count,
            let (from, event) = consumer.next(from: subscription, timeoutMilliseconds: 5_000)
        {
            #expect(from == topic)
            decoded.append(event.id)
        }
        #expect(decoded == plan.map { "\($0.0):\($0.1)" })
        let counters = consumer.counters
        #expect(counters.received == sent)
        #expect(counters.decoded == plan.count)
        #expect(counters.deadLettered == garbage.count)
        #expect(counters.deadLetterFailures == 0)
        #expect(counters.gaps == 2)
        #expect(counters.missing == 3)
        #expect(counters.restarts == 1)
        #expect(counters.stale == 1)
        let letters = try deadLetters(on: bus, origin: topic)
        #expect(letters.map(\.payload) == garbage.map(\.payload))
        #expect(letters.allSatisfy { $0.consumer == "strategy" && reasonFits($0) })
        #expect(reports.all.map(\.kind) == [.malformedJSON, .unknownType, .unsupportedVersion])
    }
}
