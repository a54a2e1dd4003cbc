import Foundation
import NjordCore
import NjordRedis
import NjordTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The built `njord-risk-engine` against a real redis-server: decisions, dead letters, the kill switch
/// end to end, and exactly one decision per intent across a kill -9.
@Suite(.serialized) struct RiskEngineDaemonTests {
    static let configDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("config").path
    /// Order-rate buckets wide enough that bursts of test intents are not rate-limited.
    static let wideRates = [
        "NJORD_RISK_ORDER_RATE_PER_STRATEGY_PER_S": "10000", "NJORD_RISK_ORDER_RATE_PER_STRATEGY_BURST": "100000",
        "NJORD_RISK_ORDER_RATE_GLOBAL_PER_S": "100000", "NJORD_RISK_ORDER_RATE_GLOBAL_BURST": "100000",
    ]

    /// A running daemon with its server, journal and run directories.
    final class Harness {
        let server: RedisServerFixture
        let bus: RedisBus
        let url: String
        var daemon: NjordProcess?

        init() throws {
            server = try RedisServerFixture()
            let port = try #require(server.port)
            url = "redis://127.0.0.1:\(port)"
            bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
        }

        var journalRoot: String { server.directory + "/journal" }
        var runDir: String { server.directory + "/run" }

        /// Starts the daemon and waits for its first heartbeat in the state key.
        func start(environment: [String: String] = RiskEngineDaemonTests.wideRates) throws {
            try? bus.deleteValue(forKey: "njord:svc:risk-engine")
            daemon = try NjordProcess(
                [
                    "--redis", url, "--config-dir", RiskEngineDaemonTests.configDir, "--journal-root", journalRoot,
                    "--run-dir", runDir, "--claim-idle-ms", "200",
                ], executable: "njord-risk-engine", environment: environment)
            let up = eventually { (try? bus.value(forKey: "njord:svc:risk-engine")) != nil }
            #expect(up, "the risk engine did not beat")
        }

        func stop() -> NjordProcess.Finished? {
            guard let daemon else { return nil }
            kill(daemon.process.processIdentifier, SIGTERM)
            self.daemon = nil
            return daemon.finish()
        }

        func kill9() {
            guard let daemon else { return }
            kill(daemon.process.processIdentifier, SIGKILL)
            _ = daemon.finish()
            self.daemon = nil
        }

        deinit {
            if let daemon { kill(daemon.process.processIdentifier, SIGKILL) }
            bus.close()
        }

        func publishMid(_ price: Int, symbol: String = "BTCUSDT") throws {
            let book = TopOfBook(
                venue: "sim", symbol: symbol, updateId: 1, bid: Fixed(price - 1), bidQty: Fixed(1),
                ask: Fixed(price + 1), askQty: Fixed(1))
            let now = SystemClock().now()
            let envelope = EventEnvelope(
                id: "tob-\(now.nanosecondsSinceEpoch)", source: "test", sequence: 1, eventTime: now, receiveTime: now,
                payload: .topOfBook(book))
            try bus.publish(envelope.encoded(), on: Topics.topOfBook(symbol))
        }

        /// Decisions in `orders:decisions`, in stream order.
        func decisions() throws -> [(envelope: EventEnvelope, decision: RiskDecision)] {
            let reply = try bus.command(["XRANGE", Topics.riskDecisions, "-", "+"])
            var out: [(EventEnvelope, RiskDecision)] = []
            for entry in reply.array ?? [] {
                let fields = try #require(entry.array?.last?.array)
                let envelope = try EventEnvelope(json: try #require(fields.last?.bytes))
                guard case .riskDecision(let decision) = envelope.payload else { continue }
                out.append((envelope, decision))
            }
            return out
        }
    }

    static func intent(
        _ id: String, strategy: String = "s1", quote: String = "100", symbol: String = "BTCUSDT"
    ) throws -> EventEnvelope {
        let now = SystemClock().now()
        return EventEnvelope(
            id: id, source: "test", sequence: 1, eventTime: now, receiveTime: now,
            payload: .orderIntent(
                try OrderIntent(
                    strategyId: strategy, clientOrderId: "c-\(id)", symbol: symbol, side: .buy, orderType: .market,
                    quantity: nil, quoteAmount: try Fixed(quote), limitPrice: nil, timeInForce: .ioc, reason: "test")))
    }

    @Test func intentsWithinCapsAreApprovedOthersDeniedNamingTheRuleAndGarbageIsDeadLettered() throws {
        let harness = try Harness()
        try harness.start()
        try harness.publishMid(50_000)
        // The price is taken before each decision; wait until the engine has seen one.
        let priced = eventually {
            _ = try? harness.bus.append(
                try Self.intent("probe-\(SystemClock().now().nanosecondsSinceEpoch)").encoded(),
                to: Topics.orderIntents)
            return (try? harness.decisions().contains { $0.decision.approved }) == true
        }
        #expect(priced, "no intent was approved after a price arrived")
        try harness.bus.append(try Self.intent("ok-1", quote: "1000").encoded(), to: Topics.orderIntents)
        try harness.bus.append(try Self.intent("big-1", quote: "1000.00000001").encoded(), to: Topics.orderIntents)
        try harness.bus.append(try Self.intent("eth-1", symbol: "DOGEUSDT").encoded(), to: Topics.orderIntents)
        try harness.bus.append(Array("not json".utf8), to: Topics.orderIntents)
        let trade = try SampleEvents.trade(sequence: 1)
        try harness.bus.append(trade.encoded(), to: Topics.orderIntents)
        let mine: Set = ["ok-1", "big-1", "eth-1"]
        #expect(eventually { (try? harness.decisions().filter { mine.contains($0.decision.intentId) }.count) == 3 })
        let byIntent = Dictionary(try harness.decisions().map { ($0.decision.intentId, $0.decision) }) { $1 }
        #expect(byIntent["ok-1"]?.approved == true)
        #expect(byIntent["big-1"]?.failedRules.map(\.rule) == ["max_order_notional"])
        #expect(byIntent["eth-1"]?.failedRules.map(\.rule).contains("unknown_instrument") == true)
        #expect(eventually { (try? harness.bus.length(of: Topics.deadLetters)) == 2 })
        let letters = try harness.bus.command(["XRANGE", Topics.deadLetters, "-", "+"]).array ?? []
        let reasons = try letters.map { entry in
            try DeadLetter(json: try #require(entry.array?.last?.array?.last?.bytes)).reason
        }
        #expect(reasons.contains { $0.contains("carries order.intent, not md.trade") }, "\(reasons)")

        let finished = try #require(harness.stop())
        #expect(finished.status == 0, "\(finished)")
        let beat = try EventEnvelope(json: try #require(try harness.bus.value(forKey: "njord:svc:risk-engine")))
        guard case .heartbeat(let heartbeat) = beat.payload else {
            Issue.record("the heartbeat key holds \(beat.type)")
            return
        }
        #expect(heartbeat.status == .down)
        #expect(heartbeat.counters["malformed"] == 2)
        let decided = try harness.decisions()
        #expect(heartbeat.counters["intents"] == Int64(decided.count))
        #expect(heartbeat.counters["approved"] == Int64(decided.filter { $0.decision.approved }.count))
        // Journaled: every decision, with its intent before it.
        let journal = try MarketDataIngestCommandTests.journalLines(harness.journalRoot)["risk"] ?? []
        let decisionCount = journal.filter { $0.hasPrefix("{\"type\":\"risk.decision\"") }.count
        #expect(decisionCount == (try harness.decisions().count))
    }

    @Test func cancelsPassEvenWhileTrippedAndAreForwardedUnchangedToTheDecisions() throws {
        let harness = try Harness()
        try harness.start()
        let trip = try NjordProcess.run([
            "killswitch", "trip", "--reason", "cancel test", "--run-dir", harness.runDir, "--redis", harness.url,
        ])
        #expect(trip.status == 0, "\(trip)")
        let now = SystemClock().now()
        let cancel = EventEnvelope(
            id: "cx-1", source: "test", sequence: 1, eventTime: now, receiveTime: now,
            payload: .orderCancel(
                OrderCancel(strategyId: "s1", clientOrderId: "c-open-1", symbol: "BTCUSDT", reason: "test")))
        try harness.bus.append(cancel.encoded(), to: Topics.orderIntents)
        let forwarded = eventually {
            let entries = (try? harness.bus.command(["XRANGE", Topics.riskDecisions, "-", "+"]).array) ?? []
            return entries.contains { entry in
                guard let bytes = entry.array?.last?.array?.last?.bytes else { return false }
                return bytes == cancel.encoded()
            }
        }
        #expect(forwarded, "the cancel did not reach \(Topics.riskDecisions) byte for byte")
        #expect((try? harness.bus.length(of: Topics.deadLetters)) ?? 0 == 0, "a cancel was dead-lettered")
        let journal = try MarketDataIngestCommandTests.journalLines(harness.journalRoot)["risk"] ?? []
        // Journaled exactly once: by the producer, before it is forwarded.
        let journaledCancels = journal.filter { $0.hasPrefix("{\"type\":\"order.cancel\"") }.count
        #expect(journaledCancels == 1, "the cancel was journaled \(journaledCancels) times")
        #expect(harness.stop()?.status == 0)
    }

    @Test func killSwitchTripDeniesEveryIntentWithinAHundredMilliseconds() throws {
        let harness = try Harness()
        try harness.start()
        try harness.publishMid(50_000)
        let stop = Mutex()
        nonisolated(unsafe) var stopped = false
        let feeder = Thread { [url = harness.url] in
            guard let port = Int(url.split(separator: ":").last ?? ""),
                let bus = try? RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
            else { return }
            defer { bus.close() }
            let gate = ConditionLock()
            var n = 0
            while !stop.withLock({ stopped }) {
                n += 1
                if n % 200 == 0, let mid = try? EventEnvelope(json: Self.midBytes()) {
                    try? bus.publish(mid.encoded(), on: Topics.topOfBook("BTCUSDT"))
                }
                _ = try? bus.append(
                    try Self.intent("ks-\(n)", strategy: "s\(n % 7)").encoded(), to: Topics.orderIntents)
                gate.withLock { _ = gate.wait(until: ConditionLock.deadline(afterMilliseconds: 1)) }
            }
        }
        feeder.start()
        #expect(eventually { (try? harness.decisions().contains { $0.decision.approved }) == true })
        let trip = try NjordProcess.run([
            "killswitch", "trip", "--reason", "test", "--run-dir", harness.runDir, "--redis", harness.url,
        ])
        #expect(trip.status == 0, "\(trip)")
        let key = try EventEnvelope(json: try #require(try harness.bus.value(forKey: Topics.killSwitchKey)))
        guard case .killSwitchState(let state) = key.payload, let trippedAt = state.at else {
            Issue.record("the kill switch key holds no trip")
            return
        }
        #expect(
            eventually {
                (try? harness.decisions().contains {
                    $0.decision.failedRules.contains { $0.rule == "kill_switch" }
                }) == true
            })
        // A few more intents after the first denial.
        let count = try harness.decisions().count
        #expect(eventually { (try? harness.decisions().count).map { $0 >= count + 20 } == true })
        stop.withLock { stopped = true }
        feeder.join()

        let decisions = try harness.decisions()
        let firstDenial = try #require(
            decisions.first { $0.decision.failedRules.contains { $0.rule == "kill_switch" } })
        let latencyMs =
            Double(firstDenial.envelope.eventTime.nanosecondsSinceEpoch - trippedAt.nanosecondsSinceEpoch) / 1e6
        print("risk engine: trip-to-first-denial latency \(String(format: "%.2f", latencyMs)) ms")
        #expect(latencyMs < 100, "trip to first denial took \(latencyMs) ms")
        let firstDenialIndex = try #require(decisions.firstIndex { $0.envelope.id == firstDenial.envelope.id })
        let approvedAfter = decisions[firstDenialIndex...].filter { $0.decision.approved }
        #expect(approvedAfter.isEmpty, "approved after the trip: \(approvedAfter.map(\.decision.intentId))")
        let lateApprovals = decisions.filter {
            $0.decision.approved && $0.envelope.eventTime.nanosecondsSinceEpoch > trippedAt.nanosecondsSinceEpoch
        }
        print("risk engine: approvals decided between the trip and the engine seeing it: \(lateApprovals.count)")
        _ = harness.stop()
    }

    @Test func fillsMovePositionsAndARestartRebuildsThemFromTheJournal() throws {
        let harness = try Harness()
        try harness.start()
        try harness.publishMid(50_000)
        let now = SystemClock().now()
        let fill = Fill(
            fillId: "t1", strategyId: "s1", clientOrderId: "c-0", symbol: "BTCUSDT", side: .buy, price: Fixed(50_000),
            qty: try Fixed("0.09"), fee: .zero, feeAsset: "USDT", liquidity: .taker)
        let fillEnvelope = EventEnvelope(
            id: "fill-1", source: "test", sequence: 1, eventTime: now, receiveTime: now, payload: .fill(fill))
        try harness.bus.append(fillEnvelope.encoded(), to: Topics.fills)
        // 4500 held: 400 more fits under the 5000 per-symbol cap, 600 more does not.
        // Pub/sub prices and stream intents race; an intent decided before the engine saw any price is
        // denied `unknown_price` (fail closed), so such attempts are repeated under a new id.
        func decide(_ id: String, quote: String) -> RiskDecision? {
            var found: RiskDecision?
            for attempt in 1...50 {
                try? harness.publishMid(50_000)
                let attemptId = "\(id)-\(attempt)"
                _ = try? harness.bus.append(try Self.intent(attemptId, quote: quote).encoded(), to: Topics.orderIntents)
                _ = eventually {
                    found = try? harness.decisions().first { $0.decision.intentId == attemptId }?.decision
                    return found != nil
                }
                if found?.failedRules.map(\.rule) != ["unknown_price"] { break }
            }
            return found
        }
        #expect(eventually { (try? harness.bus.pendingCount(stream: Topics.fills, group: "risk-fills")) == 0 })
        // The heartbeat states the fill's notional against the cap, in 10^-8 quote units.
        let beatShowsFill = eventually(within: 5_000) {
            guard let bytes = try? harness.bus.value(forKey: "njord:svc:risk-engine"),
                let envelope = try? EventEnvelope(json: bytes), case .heartbeat(let beat) = envelope.payload
            else { return false }
            return beat.counters["use.max_position_notional"] == 450_000_000_000
                && beat.counters["use.gross_notional"] == 450_000_000_000
                && beat.counters["limit.max_position_notional"] == 500_000_000_000
        }
        #expect(beatShowsFill, "the heartbeat never showed the 4500 position")
        #expect(decide("small-1", quote: "400")?.approved == true)
        #expect(decide("large-1", quote: "600")?.failedRules.map(\.rule) == ["max_position_notional"])
        let finished = try #require(harness.stop())
        #expect(finished.status == 0, "\(finished)")
        try harness.start()
        try harness.publishMid(50_000)
        // The fill was acknowledged before the restart: only the journal can bring the position back.
        #expect(decide("large-2", quote: "600")?.failedRules.map(\.rule) == ["max_position_notional"])
        _ = harness.stop()
    }

    static func midBytes() -> [UInt8] {
        let now = SystemClock().now()
        let book = TopOfBook(
            venue: "sim", symbol: "BTCUSDT", updateId: 1, bid: Fixed(49_999), bidQty: Fixed(1), ask: Fixed(50_001),
            askQty: Fixed(1))
        return EventEnvelope(
            id: "tob-\(now.nanosecondsSinceEpoch)", source: "test", sequence: 1, eventTime: now, receiveTime: now,
            payload: .topOfBook(book)
        ).encoded()
    }

    @Test func killNineMidStreamLeavesExactlyOneDecisionPerIntent() throws {
        let harness = try Harness()
        try harness.start()
        try harness.publishMid(50_000)
        let rounds = 3, perRound = 300
        let total = rounds * perRound
        let ids = (1...total).map { "r-\($0)" }
        let payloads = try ids.enumerated().map { try Self.intent($1, strategy: "s\($0 % 5)").encoded() }
        var decidedAtKill: [Int] = []
        for round in 0..<rounds {
            // A chunk of intents, then a kill -9 while the engine is still working through it.
            let before = try harness.decisions().count
            try harness.bus.append(
                contentsOf: Array(payloads[(round * perRound)..<((round + 1) * perRound)]), to: Topics.orderIntents)
            #expect(eventually { (try? harness.decisions().count).map { $0 >= before + 20 + round * 10 } == true })
            harness.kill9()
            decidedAtKill.append(try harness.decisions().count)
            try harness.start()
        }
        #expect(eventually(within: 20_000) { (try? Set(harness.decisions().map(\.decision.intentId)).count) == total })
        // Entries the crashed runs had read are claimed after 200 ms idle; wait for all of them.
        #expect(eventually { (try? harness.bus.pendingCount(stream: Topics.orderIntents, group: "risk")) == 0 })
        _ = harness.stop()
        let decisions = try harness.decisions()
        var perIntent: [String: Int] = [:]
        for entry in decisions { perIntent[entry.decision.intentId, default: 0] += 1 }
        let duplicated = perIntent.filter { $0.value > 1 }
        print(
            "risk engine: kill -9 after \(decidedAtKill) of \(total) decisions; \(decisions.count) decisions in the end"
        )
        #expect(duplicated.isEmpty, "intents with several decisions: \(duplicated.keys.sorted().prefix(10))")
        #expect(Set(perIntent.keys) == Set(ids), "every intent has a decision")
    }
}
