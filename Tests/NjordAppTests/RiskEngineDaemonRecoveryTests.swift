import Foundation
import NjordCore
import NjordJournal
import NjordRisk
import NjordTestSupport
import Testing

@testable import NjordApp

/// `RiskEngineDaemon`'s restart rules on an in-process bus: what the `risk` journal says was decided
/// is never decided again, and reaches `orders:decisions` exactly once.
@Suite struct RiskEngineDaemonRecoveryTests {
    final class Scratch {
        let root = NSTemporaryDirectory() + "njord-risk-recovery-\(UUID().uuidString)"
        let bus = InProcessBus()
        deinit { try? FileManager.default.removeItem(atPath: root) }

        func daemon(published: Set<String>, decisionWindow: Int = 100_000) throws -> RiskEngineDaemon {
            let service = KillSwitchService(
                bus: bus, fileStore: KillSwitchFileStore(runDirectory: root + "/run"), clock: SystemClock(),
                authority: "in-process")
            try FileManager.default.createDirectory(atPath: root + "/run", withIntermediateDirectories: true)
            let limits = try RiskLimits(config: RiskLimitsConfigTests.config(), policies: [.killSwitch])
            return try RiskEngineDaemon(
                bus: bus,
                engine: RiskEngine(
                    limits: limits, instruments: ["BTCUSDT": .unrestricted], absentPositionsAreFlat: false),
                watcher: KillSwitchWatcher(service: service, clock: SystemClock()), journalRoot: root + "/journal",
                consumer: "test", claimIdleMilliseconds: 0, decisionWindow: decisionWindow,
                publishedDecisions: { published }, report: { _ in })
        }

        func decisionsInStream() throws -> [RiskDecision] {
            let group = "audit-\(UUID().uuidString)"
            try bus.createGroup(group, on: Topics.riskDecisions)
            let entries = try bus.readGroup(
                stream: Topics.riskDecisions, group: group, consumer: "r", count: 10_000,
                blockMilliseconds: 0)
            return try entries.compactMap { entry in
                if case .riskDecision(let decision) = try EventEnvelope(json: entry.payload).payload { return decision }
                return nil
            }
        }
    }

    static func journalDecision(root: String, intentId: String, approved: Bool, sequence: UInt64 = 1) throws {
        let writer = try JournalWriter(
            root: root, stream: "risk", durability: .fsyncEachEvent, clock: SystemClock())
        let decision = try RiskDecision(
            intentId: intentId, strategyId: "s1", clientOrderId: "c-\(intentId)", approved: approved,
            failedRules: approved ? [] : [.init(rule: "kill_switch", detail: "tripped")])
        let now = SystemClock().now()
        try writer.append(
            EventEnvelope(
                id: "risk-engine:\(intentId)", source: "risk-engine", sequence: sequence, eventTime: now,
                receiveTime: now,
                payload: .riskDecision(decision)
            ).encoded())
        _ = try writer.close()
    }

    @Test func theJournalReadsIntoTheNewestDecisionsAndHandsEachFillOverOnce() throws {
        let scratch = Scratch()
        let root = scratch.root + "/journal"
        for (sequence, id) in ["i-1", "i-2", "i-3"].enumerated() {
            try Self.journalDecision(root: root, intentId: id, approved: true, sequence: UInt64(sequence + 1))
        }
        let writer = try JournalWriter(root: root, stream: "risk", durability: .fsyncEachEvent, clock: SystemClock())
        let now = SystemClock().now()
        for id in ["f-1", "f-2", "f-1"] {
            let fill = Fill(
                fillId: id, strategyId: "s1", clientOrderId: "c-\(id)", symbol: "BTCUSDT", side: .buy,
                price: Fixed(100), qty: Fixed(1), fee: .zero, feeAsset: "USDT", liquidity: .taker)
            try writer.append(
                EventEnvelope(
                    id: "paper-\(id)", source: "paper-trader", sequence: 1, eventTime: now, receiveTime: now,
                    payload: .fill(fill)
                ).encoded())
        }
        _ = try writer.close()

        var handed: [String] = []
        let recovery = try RiskJournalRecovery.read(root: root, decisionWindow: 2) { handed.append($0.id) }
        #expect(recovery.decisions.keys.sorted() == ["i-2", "i-3"], "i-1 was dropped as the reading passed it")
        #expect(recovery.recentDecisions.map(\.id) == ["risk-engine:i-2", "risk-engine:i-3"])
        #expect(recovery.lastDecisionSequence == 3)
        #expect(handed == ["paper-f-1", "paper-f-2"], "each fill once, in journal order")
        #expect(recovery.appliedFillIds.ids == ["paper-f-1", "paper-f-2"])
    }

    @Test func decisionJournaledButNeverAppendedIsSentOnceAtStartAndNotDecidedAgain() throws {
        let scratch = Scratch()
        // A denial journaled before a crash; the engine would approve the same intent today.
        try Self.journalDecision(root: scratch.root + "/journal", intentId: "i-1", approved: false)
        try scratch.bus.append(try RiskEngineDaemonTests.intent("i-1").encoded(), to: Topics.orderIntents)
        let daemon = try scratch.daemon(published: [])
        try daemon.step()
        try daemon.step()
        let decisions = try scratch.decisionsInStream()
        #expect(decisions.map(\.intentId) == ["i-1"])
        #expect(decisions.first?.approved == false, "the journaled decision stands")
        #expect(daemon.counters.resent == 1)
        #expect(daemon.counters.intents == 0, "nothing was decided again")
    }

    @Test func decisionAlreadyInTheStreamIsNotSentAgain() throws {
        let scratch = Scratch()
        try Self.journalDecision(root: scratch.root + "/journal", intentId: "i-1", approved: true)
        try scratch.bus.append(try RiskEngineDaemonTests.intent("i-1").encoded(), to: Topics.orderIntents)
        let daemon = try scratch.daemon(published: ["i-1"])
        try daemon.step()
        #expect(try scratch.decisionsInStream().isEmpty)
        #expect(daemon.counters.resent == 0 && daemon.counters.intents == 0)
    }

    @Test func newIntentIsDecidedJournaledAndAppended() throws {
        let scratch = Scratch()
        try scratch.bus.append(try RiskEngineDaemonTests.intent("i-2").encoded(), to: Topics.orderIntents)
        let daemon = try scratch.daemon(published: [])
        try daemon.step()
        #expect(try scratch.decisionsInStream().map(\.intentId) == ["i-2"])
        let recovery = try RiskJournalRecovery.read(root: scratch.root + "/journal")
        #expect(recovery.decisions.keys.sorted() == ["i-2"])
    }

    /// The engine remembers the newest `decisionWindow` decisions, not every one it ever made: at
    /// start it takes the newest from the journal (and re-sends only those the stream lacks), and while
    /// it runs the oldest fall out as new ones come. Within the window a redelivered intent is never
    /// decided again; beyond it (a redelivery after that many newer decisions) it would be, as every
    /// consumer's idempotency window would let it through.
    @Test func decidedIntentsAreRememberedOverTheNewestDecisionWindowOnly() throws {
        let scratch = Scratch()
        let journal = scratch.root + "/journal"
        for (sequence, id) in ["i-1", "i-2", "i-3"].enumerated() {
            try Self.journalDecision(root: journal, intentId: id, approved: true, sequence: UInt64(sequence + 1))
        }
        let daemon = try scratch.daemon(published: [], decisionWindow: 2)
        #expect(try scratch.decisionsInStream().map(\.intentId) == ["i-2", "i-3"], "only the window is re-sent")
        #expect(daemon.counters.resent == 2)

        // i-3 is inside the window: never decided again. i-1 lies beyond it.
        for id in ["i-3", "i-1"] {
            try scratch.bus.append(try RiskEngineDaemonTests.intent(id).encoded(), to: Topics.orderIntents)
        }
        try daemon.step()
        #expect(daemon.counters.intents == 1, "i-1 is decided, i-3 is not")
        // Deciding i-1 pushed i-2 out: the window holds i-3 and i-1 now.
        for id in ["i-2", "i-3", "i-1"] {
            try scratch.bus.append(try RiskEngineDaemonTests.intent(id).encoded(), to: Topics.orderIntents)
        }
        try daemon.step()
        #expect(daemon.counters.intents == 2, "only i-2, which fell out of the window, is decided again")
    }
}
