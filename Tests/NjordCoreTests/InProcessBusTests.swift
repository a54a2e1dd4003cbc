import NjordTestSupport
import Testing

@testable import NjordCore

@Suite struct InProcessBusTests {
    @Test(arguments: BusContract.allChecks.map(\.name))
    func holdsTheBusContract(_ name: String) throws {
        let check = BusContract.allChecks.first { $0.name == name }!.check
        try check(InProcessBus(clock: ManualClock(start: Timestamp(millisecondsSinceEpoch: 1_700_000_000_000))))
    }

    @Test func idleEntriesAreClaimedOnlyAfterTheirIdleTimeOnTheInjectedClock() throws {
        let clock = ManualClock()
        let bus = InProcessBus(clock: clock)
        try bus.createGroup("g", on: "s")
        try bus.append([1], to: "s")
        _ = try bus.readGroup(stream: "s", group: "g", consumer: "a", count: 1, blockMilliseconds: 0)
        clock.advance(nanoseconds: 29_000_000)
        #expect(try bus.claimIdle(stream: "s", group: "g", consumer: "b", minIdleMilliseconds: 30, count: 1).isEmpty)
        clock.advance(nanoseconds: 1_000_000)
        #expect(try bus.claimIdle(stream: "s", group: "g", consumer: "b", minIdleMilliseconds: 30, count: 1).count == 1)
    }

    @Test func streamsAreCappedAtTheirMaximumLength() throws {
        let bus = InProcessBus(clock: ManualClock(), streamMaxLength: 10)
        try bus.createGroup("g", on: "s")
        for i in 0..<25 { try bus.append([UInt8(i)], to: "s") }
        #expect(try bus.length(of: "s") == 10)
        let read = try bus.readGroup(stream: "s", group: "g", consumer: "c", count: 100, blockMilliseconds: 0)
        #expect(read.map(\.payload) == (15..<25).map { [UInt8($0)] })
    }

    @Test func slowSubscriberDropsTheOldestAndCountsIt() throws {
        let bus = InProcessBus(clock: ManualClock(), subscriptionCapacity: 4)
        let s = try bus.subscribe([.topic("t")])
        for i in 0..<10 { try bus.publish([UInt8(i)], on: "t") }
        #expect(s.drain().map(\.payload) == [[6], [7], [8], [9]])
        #expect(s.dropped == 6)
        #expect(bus.status.dropped == 6)
    }

    @Test func busStatusGoesOnTheHeartbeatUnderStableNames() throws {
        let bus = InProcessBus(clock: ManualClock(), subscriptionCapacity: 1)
        let s = try bus.subscribe([.topic("t")])
        for i in 0..<3 { try bus.publish([UInt8(i)], on: "t") }
        let counters = bus.status.heartbeatCounters
        #expect(counters["bus_connected"] == 1)
        #expect(counters["bus_messages_out"] == 3)
        #expect(counters["bus_messages_in"] == 3)
        #expect(counters["bus_dropped"] == 2)
        s.close()
    }

    @Test(arguments: [
        ("md.trade.*", "md.trade.BTCUSDT", true), ("md.trade.*", "md.book.BTCUSDT", false),
        ("h?llo", "hello", true), ("h?llo", "hllo", false), ("h[ae]llo", "hallo", true),
        ("h[^e]llo", "hello", false), ("h[a-b]llo", "hbllo", true), ("h\\*", "h*", true), ("h\\*", "hx", false),
        ("*", "", true), ("a*b*c", "aXbYc", true), ("a*b*c", "aXbY", false),
    ])
    func globPatternsMatchAsRedisMatches(_ pattern: String, _ text: String, _ expected: Bool) {
        #expect(GlobPattern.matches(pattern, text) == expected)
    }
}
