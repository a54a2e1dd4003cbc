import Foundation
import NjordCore
import NjordRedis
import NjordTestSupport
import Testing

@testable import NjordApp

/// The strategy host's restart from its own journal: positions and closed orders come back from the
/// fills and order events it journaled before applying them, whatever the streams still hold.
@Suite struct StrategyHostRestartTests {
    typealias Stack = StrategyHostDaemonTests.Stack

    /// Runs a Bollinger host over 20 bars; returns it and the intents it sent.
    static func firstRun(_ stack: Stack) throws -> (NjordProcess, [OrderIntent]) {
        try stack.writeStrategies([("bb", "bollinger", StrategyHostDaemonTests.bollingerText)])
        let first = try stack.startHost()
        try stack.publish(StrategyHostDaemonTests.bars(0..<20))
        try stack.waitForBars(20, pid: first.process.processIdentifier)
        let intents = try stack.sent().compactMap(\.intent)
        #expect(intents.count > 2)
        return (first, intents)
    }

    /// The paper trader's part: an order event of `order` on `orders:events`.
    static func event(_ order: OrderIntent, _ status: OrderStatus, stack: Stack) throws {
        let now = SystemClock().now()
        try stack.bus.append(
            EventEnvelope(
                id: "paper-event-\(order.clientOrderId)-\(status.rawValue)", source: "paper-trader", sequence: 1,
                eventTime: now, receiveTime: now,
                payload: .orderEvent(
                    OrderEvent(
                        strategyId: order.strategyId, clientOrderId: order.clientOrderId, symbol: order.symbol,
                        status: status, venueOrderId: nil, reason: "test"))
            ).encoded(), to: Topics.orderEvents)
    }

    /// The first heartbeat counters of the host `pid` (it beats as soon as it runs).
    static func counters(_ stack: Stack, pid: Int32) throws -> [String: Int64]? {
        _ = try eventually { try stack.counters(pid: pid) != nil }
        return try stack.counters(pid: pid)
    }

    static func restartCancels(_ stack: Stack, after count: Int) throws -> Set<String> {
        Set(
            try stack.sent().dropFirst(count).compactMap(\.cancel).filter { $0.reason.contains("restarted") }.map(
                \.clientOrderId))
    }

    @Test func positionsAndClosedOrdersComeBackFromTheJournalWhenTheStreamsNoLongerHoldThem() throws {
        let stack = try Stack()
        let (first, intents) = try Self.firstRun(stack)
        _ = try stack.fill(intents[0], qty: "0.0004")
        try Self.event(intents[1], .rejected, stack: stack)
        let applied = try eventually {
            try stack.counters(pid: first.process.processIdentifier)?["order_events_in"] == 1
                && stack.listing()?.strategies.first?.position == "0.0004"
        }
        #expect(applied)
        kill(first.process.processIdentifier, SIGKILL)
        _ = first.finish()
        // The streams' cap (`redis.stream_maxlen`) trimmed everything the first run applied.
        for stream in [Topics.fills, Topics.orderEvents] {
            _ = try stack.bus.command(["XTRIM", stream, "MAXLEN", "0"])
        }

        let sentBefore = try stack.sent().count
        let second = try stack.startHost()
        defer { _ = kill(second.process.processIdentifier, SIGKILL) }
        #expect(try stack.listing()?.strategies.first?.position == "0.0004", "the fill is folded from the journal")
        let counters = try Self.counters(stack, pid: second.process.processIdentifier)
        #expect(counters?["restored_fills"] == 1 && counters?["fills_in"] == 0, "\(String(describing: counters))")
        let canceled = try Self.restartCancels(stack, after: sentBefore)
        #expect(canceled.contains(intents[0].clientOrderId), "partly filled: still open, canceled")
        #expect(!canceled.contains(intents[1].clientOrderId), "rejected before the restart: closed, not canceled")
    }

    @Test func whatReachedTheStreamsWhileTheHostWasDownIsAppliedBeforeOrdersAreDeclaredStale() throws {
        let stack = try Stack()
        let (first, intents) = try Self.firstRun(stack)
        // One event applied (journaled) before the crash: the journal is of the current format.
        try Self.event(intents[2], .rejected, stack: stack)
        let applied = try eventually {
            try stack.counters(pid: first.process.processIdentifier)?["order_events_in"] == 1
        }
        #expect(applied)
        kill(first.process.processIdentifier, SIGKILL)
        _ = first.finish()
        // While the host is down the order is filled in full and another one is canceled.
        _ = try stack.fill(intents[0], qty: "0.001")
        try Self.event(intents[1], .canceled, stack: stack)

        let sentBefore = try stack.sent().count
        let second = try stack.startHost()
        defer { _ = kill(second.process.processIdentifier, SIGKILL) }
        #expect(try stack.listing()?.strategies.first?.position == "0.001")
        let counters = try Self.counters(stack, pid: second.process.processIdentifier)
        #expect(counters?["fills_in"] == 1 && counters?["order_events_in"] == 1, "\(String(describing: counters))")
        let canceled = try Self.restartCancels(stack, after: sentBefore)
        #expect(canceled.isDisjoint(with: intents[0..<3].map(\.clientOrderId)))
        #expect(canceled.count == intents.count - 3, "every other order the first run left is canceled")
        let journal = try StrategyHostRecovery.read(root: stack.journalRoot)
        #expect(journal.fills.count == 1 && journal.appliedEventIds.count == 2, "applied, so journaled")
    }

    @Test func aJournalFromBeforeFillsWereJournaledAdoptsTheStreamsHistoryOnce() throws {
        let stack = try Stack()
        let (first, intents) = try Self.firstRun(stack)
        kill(first.process.processIdentifier, SIGKILL)
        _ = first.finish()
        // A host of the earlier format applied this fill and acknowledged it without journaling it.
        _ = try stack.fill(intents[0], qty: "0.0004")
        let delivered = try stack.bus.readGroup(
            stream: Topics.fills, group: StrategyHostDaemon.fillGroup, consumer: "old-host", count: 10,
            blockMilliseconds: 0, acknowledging: [])
        #expect(delivered.count == 1)
        try stack.bus.acknowledge(delivered.map(\.id), stream: Topics.fills, group: StrategyHostDaemon.fillGroup)
        #expect(try StrategyHostRecovery.read(root: stack.journalRoot).hasAppliedRecords == false)

        for run in 0..<2 {
            let host = try stack.startHost()
            #expect(try stack.listing()?.strategies.first?.position == "0.0004", "run \(run)")
            let counters = try Self.counters(stack, pid: host.process.processIdentifier)
            #expect(counters?["restored_fills"] == 1, "adopted once, then read from the journal: run \(run)")
            kill(host.process.processIdentifier, SIGKILL)
            _ = host.finish()
            #expect(try StrategyHostRecovery.read(root: stack.journalRoot).fills.count == 1, "run \(run)")
        }
    }
}
