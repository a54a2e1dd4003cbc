import Foundation
import NjordCore
import NjordJournal
import NjordTestSupport
import Testing

@testable import NjordApp

/// What the paper trader remembers to execute each intent once: every open order, however old, and
/// the newest finished ones over a bounded window — in the running state machine and in what its
/// journal gives back at start.
@Suite struct PaperTraderHandledWindowTests {
    static let time = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)

    static func intent(_ id: String, limit: String? = nil) throws -> OrderIntent {
        try OrderIntent(
            strategyId: "s1", clientOrderId: "c-\(id)", symbol: "BTCUSDT", side: .buy,
            orderType: limit == nil ? .market : .limit, quantity: Fixed(1), quoteAmount: nil,
            limitPrice: try limit.map { try Fixed($0) }, timeInForce: limit == nil ? .ioc : .gtc, reason: "test")
    }

    static func decision(_ id: String, approved: Bool) throws -> RiskDecision {
        try RiskDecision(
            intentId: id, strategyId: "s1", clientOrderId: "c-\(id)", approved: approved,
            failedRules: approved ? [] : [.init(rule: "notional_cap", detail: "test")])
    }

    /// A resting limit (`rest`), a market order that fills on the book (`fill`), then three denials:
    /// with a window of two, `fill` and `d-1` have fallen out of it.
    static func trade(_ trader: inout PaperTrader) throws -> [EventEnvelope] {
        var flow: [EventEnvelope] = []
        let book = BookSnapshot(
            venue: "sim", symbol: "BTCUSDT", lastUpdateId: 1, bids: [PriceLevel(price: Fixed(99), qty: Fixed(5))],
            asks: [PriceLevel(price: Fixed(101), qty: Fixed(5))])
        flow += trader.onBook(book, at: time).orderFlow
        flow +=
            trader.decide(
                try decision("rest", approved: true), intentId: "rest", intent: try intent("rest", limit: "90"),
                at: time
            )
            .orderFlow
        flow +=
            trader.decide(try decision("fill", approved: true), intentId: "fill", intent: try intent("fill"), at: time)
            .orderFlow
        for id in ["d-1", "d-2", "d-3"] {
            flow +=
                trader.decide(try decision(id, approved: false), intentId: id, intent: try intent(id), at: time)
                .orderFlow
        }
        return flow
    }

    @Test func openOrdersStayHandledHoweverOldAndFinishedOnesOverTheNewestWindowOnly() throws {
        var trader = PaperTrader(settings: .standard, recovery: PaperJournalRecovery(handledWindow: 2))
        let flow = try Self.trade(&trader)
        #expect(flow.contains { if case .fill = $0.payload { true } else { false } }, "the market order filled")
        #expect(trader.restingOrders == 1)
        // Booleans, not the trader: a failed expectation would print all of its state.
        let handled = ["rest", "d-2", "d-3", "fill", "d-1"].map { trader.handled($0) }
        #expect(
            handled == [true, true, true, false, false],
            "rest is open (older than the whole window); fill and d-1 are beyond the window")
        #expect(trader.rememberedIntents == 3, "one open, two finished: not one per intent ever seen")

        // A redelivered decision inside the window is a duplicate; the resting order's too.
        let again = trader.decide(
            try Self.decision("d-3", approved: false), intentId: "d-3", intent: try Self.intent("d-3"), at: Self.time)
        let rest = trader.decide(
            try Self.decision("rest", approved: true), intentId: "rest", intent: try Self.intent("rest", limit: "90"),
            at: Self.time)
        #expect(again.orderFlow.isEmpty && rest.orderFlow.isEmpty)
        #expect(trader.counters.duplicates == 2)
        #expect(trader.restingOrders == 1)
    }

    @Test func theJournalGivesBackOpenOrdersTheNewestFinishedIntentsAndTheFoldOfEveryFill() throws {
        var trader = PaperTrader(settings: .standard, recovery: PaperJournalRecovery(handledWindow: 2))
        let flow = try Self.trade(&trader)
        let root = NSTemporaryDirectory() + "njord-paper-window-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let writer = try JournalWriter(
            root: root, stream: PaperJournalRecovery.stream, durability: .fsyncEachEvent, clock: SystemClock())
        for envelope in flow { try writer.append(envelope.encoded()) }
        _ = try writer.close()

        let recovery = try PaperJournalRecovery.read(root: root, handledWindow: 2)
        #expect(recovery.problems.isEmpty)
        #expect(Array(recovery.unfinishedOrders.keys) == ["rest"], "finished orders are not kept whole")
        #expect(recovery.openOrders.map(\.intentId) == ["rest"])
        #expect(recovery.orderCount == 5)
        #expect(recovery.finishedIntents.count == 2)
        #expect(recovery.finishedIntents.contains("d-2") && recovery.finishedIntents.contains("d-3"))
        #expect(!recovery.finishedIntents.contains("fill") && !recovery.finishedIntents.contains("d-1"))
        #expect(recovery.fillCount == trader.counters.fillsOut && recovery.fillCount > 0)
        #expect(recovery.ledger.positions == trader.ledger.positions, "positions are the fold of the fills")

        // Booleans, not the trader: a failed expectation would print all of its state.
        let restarted = PaperTrader(settings: .standard, recovery: recovery)
        let handled = ["rest", "d-2", "d-3", "d-1"].map { restarted.handled($0) }
        #expect(handled == [true, true, true, false], "rest, d-2, d-3 are not executed again; d-1 is beyond")
        #expect(restarted.rememberedIntents == 3)
    }
}
