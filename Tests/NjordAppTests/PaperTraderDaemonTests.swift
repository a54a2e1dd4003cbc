import Foundation
import NjordCore
import NjordExecution
import NjordRedis
import NjordTestSupport
import Testing

/// `njord paper-trader` against a real redis-server, through the built binary.
@Suite(.serialized) struct PaperTraderDaemonTests {
    static func fee(_ price: String, _ qty: String, rate: String) throws -> Fixed {
        try (try Fixed(price)).multiplied(by: try Fixed(qty), rounding: .toNearestOrEven)
            .multiplied(by: try Fixed(rate), rounding: .up)
    }

    static func statuses(_ events: [OrderEvent], _ clientOrderId: String) -> [OrderStatus] {
        events.filter { $0.clientOrderId == clientOrderId }.map(\.status)
    }

    @Test func approvedMarketAndLimitOrdersWalkTheBookAndPositionsArePublished() throws {
        let h = try PaperTraderHarness(
            paperSection: """
                paper:
                  maker_fee_bps: 2
                  taker_fee_bps: 7.5
                  touch_fill: traded_quantity
                  starting_cash: 5000
                """)
        let published = Collector<EventEnvelope>()
        let subscription = try h.bus.subscribe([.pattern("position.*"), .pattern("pnl.*")]) { message in
            if let event = try? EventEnvelope(json: message.payload) { published.append(event) }
        }
        defer { subscription.close() }
        try h.book(
            bids: [try .init(price: Fixed("100"), qty: Fixed("1")), try .init(price: Fixed("99"), qty: Fixed("2"))],
            asks: [
                try .init(price: Fixed("101"), qty: Fixed("0.5")), try .init(price: Fixed("102"), qty: Fixed("1")),
                try .init(price: Fixed("103"), qty: Fixed("5")),
            ])
        try h.start()
        let buy = try h.intent("a-1", strategy: "s1", side: .buy, type: .market, quantity: "1.2")
        let sell = try h.intent(
            "b-1", strategy: "s2", side: .sell, type: .limit, quantity: "1.5", limit: "99.5", timeInForce: .ioc)
        let denied = try h.intent("c-1", strategy: "s1", side: .buy, type: .market, quantity: "50")
        try h.decide(buy)
        try h.decide(sell)
        try h.decide(denied, deniedBy: ["max_order_notional"])

        let done = try eventually { try h.orderEvents().filter { $0.status.isDone }.count == 3 }
        #expect(done, "\((try? h.orderEvents()) ?? [])")
        let events = try h.orderEvents()
        #expect(Self.statuses(events, "a-1") == [.accepted, .partiallyFilled, .filled])
        #expect(Self.statuses(events, "b-1") == [.accepted, .partiallyFilled, .expired])
        #expect(Self.statuses(events, "c-1") == [.rejected])
        let rejection = try #require(events.first { $0.clientOrderId == "c-1" })
        #expect(rejection.reason?.contains("max_order_notional") == true, "\(rejection)")

        let fills = try h.fills()
        #expect(fills.map(\.fillId) == ["a-1-f1", "a-1-f2", "b-1-f1"])
        #expect(fills.map(\.price) == [try Fixed("101"), try Fixed("102"), try Fixed("100")])
        #expect(fills.map(\.qty) == [try Fixed("0.5"), try Fixed("0.7"), try Fixed("1")])
        #expect(fills.allSatisfy { $0.liquidity == .taker && $0.feeAsset == "USDT" })
        #expect(
            fills.map(\.fee) == [
                try Self.fee("101", "0.5", rate: "0.00075"), try Self.fee("102", "0.7", rate: "0.00075"),
                try Self.fee("100", "1", rate: "0.00075"),
            ])

        let positionsSeen = eventually {
            let latest = Dictionary(
                published.all.compactMap { event -> (String, PositionSnapshot)? in
                    if case .positionSnapshot(let p) = event.payload { (p.strategyId, p) } else { nil }
                }, uniquingKeysWith: { $1 })
            return latest["s1"]?.qty == (try? Fixed("1.2")) && latest["s2"]?.qty == (try? Fixed("-1"))
        }
        #expect(positionsSeen, "position snapshots: \(published.all.map(\.jsonString))")
        let portfolio = published.all.compactMap { event -> PnlSnapshot? in
            if case .pnlSnapshot(let p) = event.payload, p.scope == "portfolio" { p } else { nil }
        }.last
        let fees = fills.reduce(Fixed.zero) { $0 + $1.fee }
        // Cash: 5000 − 50.5 − 71.4 + 100 − fees.
        #expect(portfolio?.cash == (try Fixed("4978.1")) - fees, "\(String(describing: portfolio))")
        // A fresh journal: the whole change from the starting cash is today's.
        #expect(portfolio.map { $0.pnlToday == $0.equity - Fixed(5_000) } == true, "\(String(describing: portfolio))")

        let journal = try h.journal()
        let journaledFills = journal.compactMap { if case .fill(let f) = $0.payload { f } else { nil } }
        #expect(journaledFills == fills, "the journal holds the fills the stream carries")
        #expect(journal.contains { $0.type == .positionSnapshot })

        try h.topOfBook(bid: "110", ask: "112")  // marks at the mid, exactly
        let eleven = try Fixed("11.3")  // 1.2 × 111 − (50.5 + 71.4)
        let marked = eventually {
            published.all.contains { event in
                guard case .positionSnapshot(let p) = event.payload, p.strategyId == "s1" else { return false }
                return p.mark == Fixed(111) && p.unrealizedPnl == eleven
            }
        }
        #expect(marked, "no s1 snapshot marked at the top of book's mid")
        let stopped = try #require(h.stop())
        #expect(stopped.status == 0, "\(stopped)")
    }

    @Test func aRestingLimitFillsAtTheTouchUpToTheTradedQuantityThenWhenATradeGoesThrough() throws {
        let h = try PaperTraderHarness()
        try h.book(
            bids: [try .init(price: Fixed("100"), qty: Fixed("1"))],
            asks: [try .init(price: Fixed("101"), qty: Fixed("1"))])
        try h.start()
        let order = try h.intent("r-1", side: .buy, type: .limit, quantity: "1", limit: "100.5")
        try h.decide(order)
        let accepted = try eventually { try Self.statuses(h.orderEvents(), "r-1") == [.accepted] }
        #expect(accepted, "\((try? h.orderEvents()) ?? [])")
        #expect(try h.fills().isEmpty, "a limit below the ask rests; book updates never fill it")

        try h.trade("100.6", "5", aggressor: .sell)  // above a buy's price: no fill
        try h.trade("100.5", "0.3", aggressor: .sell)  // at the touch: up to the traded quantity
        let touched = try eventually { try h.fills().count == 1 }
        #expect(touched)
        try h.trade("100.4", "0.01", aggressor: .sell)  // through: the whole rest, whatever the size
        let through = try eventually { try h.fills().count == 2 }
        #expect(through)
        let fills = try h.fills()
        #expect(fills.map(\.fillId) == ["r-1-f1", "r-1-f2"])
        #expect(fills.map(\.qty) == [try Fixed("0.3"), try Fixed("0.7")])
        #expect(fills.allSatisfy { (try? Fixed("100.5")) == $0.price && $0.liquidity == .maker })
        // The default paper: section charges 10 bps to makers.
        #expect(
            fills.map(\.fee) == [
                try Self.fee("100.5", "0.3", rate: "0.001"), try Self.fee("100.5", "0.7", rate: "0.001"),
            ])
        let filled = try eventually { try Self.statuses(h.orderEvents(), "r-1").last == .filled }
        #expect(filled)
        #expect(try h.heartbeat().map { _ in true } == true)
        h.stop()
    }

    @Test func killSwitchTripCancelsRestingOrdersAndRejectsNewApprovals() throws {
        let h = try PaperTraderHarness()
        try h.book(
            bids: [try .init(price: Fixed("100"), qty: Fixed("1"))],
            asks: [try .init(price: Fixed("101"), qty: Fixed("1"))])
        try h.start()
        let resting = try h.intent("k-1", side: .buy, type: .limit, quantity: "0.5", limit: "90")
        try h.decide(resting)
        #expect(try eventually { try Self.statuses(h.orderEvents(), "k-1") == [.accepted] })

        let trip = try NjordProcess.run([
            "killswitch", "trip", "--reason", "test", "--redis", h.url, "--run-dir", h.runDir,
        ])
        #expect(trip.status == 0, "\(trip)")
        let canceled = try eventually { try Self.statuses(h.orderEvents(), "k-1") == [.accepted, .canceled] }
        #expect(canceled, "\((try? h.orderEvents()) ?? [])")
        let cancel = try #require(try h.orderEvents().last { $0.clientOrderId == "k-1" })
        #expect(cancel.reason?.contains("kill_switch") == true, "\(cancel)")

        let late = try h.intent("k-2", side: .buy, type: .market, quantity: "0.1")
        try h.decide(late)
        let rejected = try eventually { try Self.statuses(h.orderEvents(), "k-2") == [.rejected] }
        #expect(rejected, "\((try? h.orderEvents()) ?? [])")
        let rejection = try #require(try h.orderEvents().last { $0.clientOrderId == "k-2" })
        #expect(rejection.reason?.contains("kill_switch") == true)
        #expect(try h.fills().isEmpty)
        #expect(try eventually { try h.heartbeat()?.counters["kill_switch_tripped"] == 1 })
        h.stop()
    }

    @Test func malformedDecisionsAndDecisionsWithoutIntentsAreCountedAndDeadLettered() throws {
        let h = try PaperTraderHarness()
        try h.book(
            bids: [try .init(price: Fixed("100"), qty: Fixed("1"))],
            asks: [try .init(price: Fixed("101"), qty: Fixed("1"))])
        try h.start()
        try h.bus.append(Array("{\"type\":\"risk.decision\",\"v\":1,".utf8), to: Topics.riskDecisions)
        let orphan = try OrderIntent(
            strategyId: "s1", clientOrderId: "ghost-1", symbol: "BTCUSDT", side: .buy, orderType: .market,
            quantity: .one, quoteAmount: nil, limitPrice: nil, timeInForce: .ioc, reason: "never appended")
        try h.decide((id: "strat:ghost-1", intent: orphan))
        let counted = try eventually {
            let counters = try h.heartbeat()?.counters ?? [:]
            return counters["malformed"] == 1 && counters["missing_intents"] == 1
        }
        #expect(counted, "\(String(describing: try? h.heartbeat()?.counters))")
        #expect(try h.bus.length(of: Topics.deadLetters) == 2)
        #expect(try h.orderEvents().allSatisfy { $0.clientOrderId != "ghost-1" }, "no order is guessed")

        let good = try h.intent("g-1", side: .buy, type: .market, quantity: "0.5")
        try h.decide(good)
        #expect(try eventually { try Self.statuses(h.orderEvents(), "g-1") == [.accepted, .filled] })
        let stopped = try #require(h.stop())
        #expect(stopped.status == 0, "the daemon kept running and stopped cleanly: \(stopped)")
    }

    @Test func everyApprovedDecisionFillsAndItsDecisionToFillLatencyIsMeasured() throws {
        let h = try PaperTraderHarness()
        try h.book(
            bids: [try .init(price: Fixed("100"), qty: Fixed("100"))],
            asks: [try .init(price: Fixed("101"), qty: Fixed("100"))])
        let arrivals = Collector<(String, UInt64)>()
        let subscription = try h.bus.subscribe([.topic(Topics.flowFills)]) { message in
            let at = SystemClock().monotonicNanoseconds()
            if let event = try? EventEnvelope(json: message.payload), case .fill(let fill) = event.payload {
                arrivals.append((fill.clientOrderId, at))
            }
        }
        defer { subscription.close() }
        try h.start()
        let count = 100
        var latencies: [UInt64] = []
        for n in 1...count {
            let intent = try h.intent("l-\(n)", side: n % 2 == 0 ? .buy : .sell, type: .market, quantity: "0.01")
            let start = SystemClock().monotonicNanoseconds()
            try h.decide(intent)
            let filled = eventually { arrivals.all.contains { $0.0 == "l-\(n)" } }
            #expect(filled, "l-\(n) did not fill")
            if let arrival = arrivals.all.first(where: { $0.0 == "l-\(n)" }) { latencies.append(arrival.1 - start) }
        }
        #expect(latencies.count == count)
        #expect(try h.fills().count == count)
        let sorted = latencies.sorted()
        let p50 = Double(sorted[sorted.count / 2]) / 1_000
        let p99 = Double(sorted[sorted.count * 99 / 100]) / 1_000
        print(
            "paper decision-to-fill over Redis (XADD decision → flow.fills; journal written first, group commit syncs after): p50 \(p50) µs, p99 \(p99) µs"
        )
        h.stop()
    }

    @Test func journaledOrderFlowMissingFromTheStreamsIsAppendedAtRestartAndOnlyThat() throws {
        let h = try PaperTraderHarness()
        try h.book(
            bids: [try .init(price: Fixed("100"), qty: Fixed("10"))],
            asks: [try .init(price: Fixed("101"), qty: Fixed("0.5")), try .init(price: Fixed("102"), qty: Fixed("10"))])
        try h.start()
        for n in 1...3 { try h.decide(try h.intent("j-\(n)", side: .buy, type: .market, quantity: "1")) }
        #expect(try eventually { try h.fills().count == 4 })
        h.stop()
        let fillIds = try h.entries(Topics.fills).map(\.id)
        let eventIds = try h.entries(Topics.orderEvents).map(\.id)
        // As if the daemon had died between the journal's sync and the appends: the newest fill
        // never reached its stream, and no order event did.
        let newest = try h.bus.command(["XREVRANGE", Topics.fills, "+", "-", "COUNT", "1"])
        let newestId = try #require(newest.array?.first?.array?.first?.string)
        _ = try h.bus.command(["XDEL", Topics.fills, newestId])
        _ = try h.bus.command(["DEL", Topics.orderEvents])
        #expect(try h.entries(Topics.fills).count == 3)

        try h.start()
        #expect(try h.entries(Topics.fills).map(\.id) == fillIds)
        #expect(try h.entries(Topics.orderEvents).map(\.id) == eventIds)
        let stopped = try #require(h.stop())
        #expect(stopped.stderr.contains("appended 1 journaled events missing from orders:fills"), "\(stopped)")
    }

    @Test func crashAndRestartNeverLosesOrDoublesAnApprovedOrder() throws {
        let h = try PaperTraderHarness()
        try h.book(
            bids: [try .init(price: Fixed("100"), qty: Fixed("1000"))],
            asks: [try .init(price: Fixed("101"), qty: Fixed("1000"))])
        var random = SplitMix64(seed: 20_261_126)
        var approved: [(id: String, intent: OrderIntent)] = []
        var denied: [String] = []
        var limits: [OrderIntent] = []
        let rounds = 8, perRound = 30
        var n = 0
        for round in 0..<rounds {
            // Decisions queue up while the daemon is down, and keep coming once it runs.
            var batch: [(id: String, intent: OrderIntent)] = []
            for _ in 0..<perRound {
                n += 1
                let kind = n % 3
                let intent =
                    kind == 0
                    ? try h.intent(
                        "c-\(n)", strategy: "s\(n % 2)", side: .buy, type: .limit, quantity: "0.01", limit: "95")
                    : try h.intent(
                        "c-\(n)", strategy: "s\(n % 2)", side: kind == 1 ? .buy : .sell, type: .market, quantity: "0.01"
                    )
                batch.append(intent)
                if kind == 0 { limits.append(intent.intent) }
            }
            let before = try h.bus.length(of: Topics.orderEvents)
            try h.start()
            for (i, intent) in batch.enumerated() {
                if (n + i) % 7 == 0 {
                    try h.decide(intent, deniedBy: ["order_rate"])
                    denied.append(intent.intent.clientOrderId)
                } else {
                    try h.decide(intent)
                    approved.append(intent)
                }
                // Touch trades fill part of the resting buys, so restarts restore partial orders.
                if i % 10 == 5 { try h.trade("95", "0.004", aggressor: .sell) }
            }
            let target = before + Int(random.next() % UInt64(perRound)) + 1
            _ = try eventually { try h.bus.length(of: Topics.orderEvents) >= target }
            h.crash()
            let after = try h.bus.length(of: Topics.orderEvents)
            print(
                "paper crash round \(round): killed at \(after - before) order events of the round (target \(target - before))"
            )
        }
        try h.start()
        try h.trade("94", "1", aggressor: .sell)  // through every resting buy, restored ones included
        for intent in limits { try h.cancel(intent) }
        let terminalCount = approved.count + denied.count
        let settled = try eventually(within: 30_000) {
            Set(try h.orderEvents().filter { $0.status.isDone }.map(\.clientOrderId)).count == terminalCount
        }
        #expect(settled, "not every decision reached an outcome")
        let stopped = try #require(h.stop())
        #expect(stopped.status == 0, "\(stopped)")
        print("paper crash test: \(approved.count) approved, \(denied.count) denied; last run said: \(stopped.stderr)")

        let events = try h.orderEvents()
        for intent in approved {
            let terminal = events.filter { $0.clientOrderId == intent.intent.clientOrderId && $0.status.isDone }
            #expect(terminal.count == 1, "\(intent.intent.clientOrderId): \(terminal)")
            let accepted = events.filter { $0.clientOrderId == intent.intent.clientOrderId && $0.status == .accepted }
            #expect(accepted.count == 1, "\(intent.intent.clientOrderId) accepted \(accepted.count) times")
        }
        let restartOutcomes = events.filter { $0.reason?.hasPrefix("restart:") == true }
        #expect(restartOutcomes.isEmpty, "orders the journal shows open must rest again: \(restartOutcomes)")
        for id in denied {
            #expect(Self.statuses(events, id) == [.rejected], "\(id)")
        }
        let fills = try h.fills()
        #expect(Set(fills.map(\.fillId)).count == fills.count, "a fill id appears twice on orders:fills")
        #expect(!fills.isEmpty)

        let journal = try h.journal()
        let journaledFills = journal.compactMap { if case .fill(let f) = $0.payload { f } else { nil } }
        #expect(Set(journaledFills.map(\.fillId)).count == journaledFills.count, "a fill journaled twice")
        #expect(Set(journaledFills.map(\.fillId)) == Set(fills.map(\.fillId)), "stream and journal disagree")

        let ledger = try PositionLedger.fold(fills)
        var lastSnapshots: [String: PositionSnapshot] = [:]
        for event in journal {
            if case .positionSnapshot(let p) = event.payload { lastSnapshots["\(p.strategyId)/\(p.symbol)"] = p }
        }
        #expect(!ledger.positions.isEmpty)
        for position in ledger.positions.values {
            let snapshot = try #require(lastSnapshots["\(position.key.strategyId)/\(position.key.symbol)"])
            #expect(snapshot.qty == position.quantity, "\(position.key)")
            #expect(snapshot.realizedPnl == position.realizedPnl, "\(position.key)")
            #expect(snapshot.fees == position.fees, "\(position.key)")
        }
    }
}

extension OrderStatus {
    /// Filled, canceled, expired or rejected: the order's one terminal outcome.
    var isDone: Bool { self == .filled || self == .canceled || self == .expired || self == .rejected }
}
