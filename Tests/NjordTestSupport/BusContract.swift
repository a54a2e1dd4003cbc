public import NjordCore
import Testing

/// The semantics every ``MessageBus`` holds, as one suite run against each implementation
/// (the in-process bus in NjordCoreTests, the Redis bus against a real server in its own tests).
/// Each check takes a fresh bus and uses names of its own.
public enum BusContract {
    public static let allChecks: [(name: String, check: @Sendable (any MessageBus) throws -> Void)] = [
        ("topic fans out to every subscriber in order", fanOutReachesEverySubscriberInOrder),
        ("pattern subscription matches only its topics", patternSubscriptionMatchesOnlyItsTopics),
        ("closed subscription receives nothing more", closedSubscriptionReceivesNothingMore),
        ("group delivers each entry to one consumer once", groupDeliversEachEntryOnce),
        ("dead consumer's pending entries are reclaimed", deadConsumersPendingEntriesAreReclaimed),
        ("missing group is rejected", readingAMissingGroupIsRejected),
        ("blocking read wakes on append", blockingReadWakesOnAppend),
        ("an append's live copies go out after the entries", appendThenPublishPutsEntriesInTheStreamFirst),
        ("keys hold the last write", keysHoldTheLastWrite),
    ]

    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    public static func fanOutReachesEverySubscriberInOrder(_ bus: any MessageBus) throws {
        let a = try bus.subscribe([.topic("contract.fan")])
        let b = try bus.subscribe([.topic("contract.fan")])
        defer { a.close(); b.close() }
        for i in 0..<100 { try bus.publish(bytes("m\(i)"), on: "contract.fan") }
        for subscriber in [a, b] {
            for i in 0..<100 {
                let m = subscriber.next(timeoutMilliseconds: 5_000)
                #expect(m?.payload == bytes("m\(i)"))
                #expect(m?.topic == "contract.fan")
            }
        }
    }

    public static func patternSubscriptionMatchesOnlyItsTopics(_ bus: any MessageBus) throws {
        let s = try bus.subscribe([.pattern("contract.md.trade.*")])
        defer { s.close() }
        try bus.publish(bytes("book"), on: "contract.md.book.BTCUSDT")
        try bus.publish(bytes("trade"), on: "contract.md.trade.BTCUSDT")
        try bus.publish(bytes("end"), on: "contract.md.trade.ETHUSDT")
        let first = s.next(timeoutMilliseconds: 5_000)
        #expect(first?.payload == bytes("trade"))
        #expect(first?.topic == "contract.md.trade.BTCUSDT")
        #expect(first?.pattern == "contract.md.trade.*")
        #expect(s.next(timeoutMilliseconds: 5_000)?.payload == bytes("end"))
    }

    public static func closedSubscriptionReceivesNothingMore(_ bus: any MessageBus) throws {
        let s = try bus.subscribe([.topic("contract.close")])
        let witness = try bus.subscribe([.topic("contract.close")])
        defer { witness.close() }
        s.close()
        try bus.publish(bytes("after"), on: "contract.close")
        // The witness receiving it proves the message was delivered; the closed one must not have it.
        #expect(witness.next(timeoutMilliseconds: 5_000)?.payload == bytes("after"))
        #expect(s.next(timeoutMilliseconds: 0) == nil)
    }

    public static func groupDeliversEachEntryOnce(_ bus: any MessageBus) throws {
        let stream = "contract:orders:\(UInt32.random(in: 0...UInt32.max))"
        try bus.createGroup("g", on: stream)
        try bus.createGroup("g", on: stream)  // idempotent
        var ids: [StreamEntryID] = []
        for i in 0..<50 { ids.append(try bus.append(bytes("e\(i)"), to: stream)) }
        #expect(ids == ids.sorted() && Set(ids).count == 50, "ids strictly increase")
        let more = try bus.append(contentsOf: (50..<60).map { bytes("e\($0)") }, to: stream)
        #expect(more.count == 10 && more.first! > ids.last! && more == more.sorted())
        #expect(try bus.length(of: stream) == 60)
        var seen: [String] = []
        while true {
            let a = try bus.readGroup(stream: stream, group: "g", consumer: "a", count: 7, blockMilliseconds: 0)
            let b = try bus.readGroup(stream: stream, group: "g", consumer: "b", count: 5, blockMilliseconds: 0)
            if a.isEmpty && b.isEmpty { break }
            seen += (a + b).map { String(decoding: $0.payload, as: UTF8.self) }
            try bus.acknowledge(a.map(\.id), stream: stream, group: "g")
            try bus.acknowledge(b.map(\.id), stream: stream, group: "g")
        }
        #expect(Set(seen) == Set((0..<60).map { "e\($0)" }))
        #expect(seen.count == 60)
        #expect(try bus.pendingCount(stream: stream, group: "g") == 0)
    }

    public static func deadConsumersPendingEntriesAreReclaimed(_ bus: any MessageBus) throws {
        let stream = "contract:fills:\(UInt32.random(in: 0...UInt32.max))"
        try bus.createGroup("g", on: stream)
        for i in 0..<10 { try bus.append(bytes("f\(i)"), to: stream) }
        let taken = try bus.readGroup(stream: stream, group: "g", consumer: "dead", count: 10, blockMilliseconds: 0)
        #expect(taken.count == 10)
        try bus.acknowledge(Array(taken.prefix(4)).map(\.id), stream: stream, group: "g")
        // "dead" stops here. The survivor claims what it left pending (idle threshold 0 for the test).
        let claimed = try bus.claimIdle(
            stream: stream, group: "g", consumer: "alive", minIdleMilliseconds: 0, count: 100)
        #expect(claimed.map { String(decoding: $0.payload, as: UTF8.self) } == (4..<10).map { "f\($0)" })
        try bus.acknowledge(claimed.map(\.id), stream: stream, group: "g")
        #expect(try bus.pendingCount(stream: stream, group: "g") == 0)
        #expect(
            try bus.readGroup(stream: stream, group: "g", consumer: "alive", count: 10, blockMilliseconds: 0).isEmpty)
    }

    public static func readingAMissingGroupIsRejected(_ bus: any MessageBus) throws {
        let stream = "contract:nogroup:\(UInt32.random(in: 0...UInt32.max))"
        try bus.append(bytes("x"), to: stream)
        #expect {
            _ = try bus.readGroup(stream: stream, group: "missing", consumer: "c", count: 1, blockMilliseconds: 0)
        } throws: { error in
            if case .rejected(let message) = error as? BusError { return message.contains("NOGROUP") }
            return false
        }
    }

    public static func blockingReadWakesOnAppend(_ bus: any MessageBus) throws {
        let stream = "contract:block:\(UInt32.random(in: 0...UInt32.max))"
        try bus.createGroup("g", on: stream)
        let appender = Thread {
            // Appends once the reader is (very likely) blocked; correctness does not depend on it.
            _ = try? bus.append(Array("late".utf8), to: stream)
        }
        appender.start()
        let got = try bus.readGroup(stream: stream, group: "g", consumer: "c", count: 1, blockMilliseconds: 5_000)
        #expect(got.map(\.payload) == [bytes("late")])
    }

    public static func appendThenPublishPutsEntriesInTheStreamFirst(_ bus: any MessageBus) throws {
        let stream = "contract:live:\(UInt32.random(in: 0...UInt32.max))"
        let live = try bus.subscribe([.topic("contract.live")])
        defer { live.close() }
        try bus.createGroup("g", on: stream)
        let ids = try bus.append(
            contentsOf: [bytes("a"), bytes("b")], to: stream, thenPublishing: [bytes("b")], on: "contract.live")
        #expect(ids.count == 2 && ids[0] < ids[1])
        let copy = live.next(timeoutMilliseconds: 5_000)
        #expect(copy?.payload == bytes("b"))
        // Whoever sees the copy finds its entry in the stream.
        let read = try bus.readGroup(stream: stream, group: "g", consumer: "c", count: 10, blockMilliseconds: 0)
        #expect(read.map(\.payload) == [bytes("a"), bytes("b")])
        #expect(live.next(timeoutMilliseconds: 50) == nil, "one copy per live payload")
    }

    public static func keysHoldTheLastWrite(_ bus: any MessageBus) throws {
        let key = "contract:key:\(UInt32.random(in: 0...UInt32.max))"
        #expect(try bus.value(forKey: key) == nil)
        try bus.setValue(bytes("one"), forKey: key)
        try bus.setValue(bytes("two\u{0}\r\n"), forKey: key)
        #expect(try bus.value(forKey: key) == bytes("two\u{0}\r\n"))
        try bus.deleteValue(forKey: key)
        #expect(try bus.value(forKey: key) == nil)
    }
}
