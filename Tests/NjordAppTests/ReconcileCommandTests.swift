import Foundation
import NjordCore
import NjordJournal
import NjordTestSupport
import Testing

/// `njord reconcile --json` over hand-built journals and kill switch histories.
@Suite struct ReconcileCommandTests {
    static let start = Timestamp(nanosecondsSinceEpoch: 1_790_000_000_000_000_000)

    /// A scratch journal root and run directory with writers for the risk and paper streams.
    final class Journals {
        let root: String
        let runDir: String
        let clock = ManualClock(start: ReconcileCommandTests.start)
        private var writers: [String: JournalWriter] = [:]

        init() throws {
            root = NSTemporaryDirectory() + "njord-reconcile-\(UUID().uuidString)"
            runDir = root + "/run"
            try FileManager.default.createDirectory(atPath: runDir, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        func write(_ stream: String, _ payload: EventPayload, id: String, at offsetMs: Int64) throws {
            let time = ReconcileCommandTests.start.adding(nanoseconds: offsetMs * 1_000_000)
            let envelope = EventEnvelope(
                id: id, source: stream, sequence: 1, eventTime: time, receiveTime: time, payload: payload)
            if writers[stream] == nil {
                writers[stream] = try JournalWriter(
                    root: root + "/journal", stream: stream, durability: .fsyncEachEvent, clock: clock)
            }
            try writers[stream]?.append(envelope.encoded())
        }

        /// Intent `n` and its decision in the risk journal, `offsetMs` after the start.
        func order(_ n: Int, approved: Bool, at offsetMs: Int64) throws {
            let intent = try OrderIntent(
                strategyId: "s1", clientOrderId: "c\(n)", symbol: "BTCUSDT", side: .buy, orderType: .market,
                quantity: Fixed(1), quoteAmount: nil, limitPrice: nil, timeInForce: .ioc, reason: "test")
            try write("risk", .orderIntent(intent), id: "i\(n)", at: offsetMs)
            let decision = try RiskDecision(
                intentId: "i\(n)", strategyId: "s1", clientOrderId: "c\(n)", approved: approved,
                failedRules: approved ? [] : [.init(rule: "kill_switch", detail: "tripped")])
            try write("risk", .riskDecision(decision), id: "d\(n)", at: offsetMs)
        }

        func fill(_ n: Int, order: Int, qty: Int, at offsetMs: Int64) throws {
            let fill = Fill(
                fillId: "f\(n)", strategyId: "s1", clientOrderId: "c\(order)", symbol: "BTCUSDT", side: .buy,
                price: Fixed(50_000), qty: Fixed(qty), fee: .zero, feeAsset: "USDT", liquidity: .taker)
            try write("paper", .fill(fill), id: "fill-\(n)", at: offsetMs)
        }

        func snapshot(qty: Int, at offsetMs: Int64) throws {
            let snapshot = PositionSnapshot(
                strategyId: "s1", symbol: "BTCUSDT", qty: Fixed(qty), avgPrice: Fixed(50_000), mark: nil,
                realizedPnl: .zero, unrealizedPnl: .zero, fees: .zero)
            try write("paper", .positionSnapshot(snapshot), id: "snap-\(offsetMs)", at: offsetMs)
        }

        func reconcile() throws -> (status: Int32, report: [String: Any]) {
            for writer in writers.values { _ = try writer.close() }
            writers = [:]
            let run = try NjordProcess.run([
                "reconcile", "--json", "--journal-dir", root + "/journal", "--run-dir", runDir, "--config-dir",
                root + "/none",
            ])
            let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            return (run.status, try #require(object, "\(run)"))
        }
    }

    @Test func consistentJournalsReconcile() throws {
        let journals = try Journals()
        try journals.order(1, approved: true, at: 0)
        try journals.order(2, approved: false, at: 10)
        try journals.fill(1, order: 1, qty: 2, at: 20)
        try journals.fill(2, order: 1, qty: 1, at: 30)
        try journals.snapshot(qty: 3, at: 31)
        let (status, report) = try journals.reconcile()
        #expect(report["intents"] as? Int == 2)
        #expect(report["approved"] as? Int == 1)
        #expect(report["denied"] as? Int == 1)
        #expect(report["fills"] as? Int == 2)
        #expect(report["approved_after_trip"] as? Int == 0)
        #expect(report["positions_match_fills"] as? Bool == true)
        #expect(report["ok"] as? Bool == true, "\(report)")
        #expect(status == 0)
    }

    @Test func fillWithoutAnApprovedDecisionIsNotOk() throws {
        let journals = try Journals()
        try journals.order(1, approved: true, at: 0)
        try journals.order(2, approved: false, at: 10)
        try journals.fill(1, order: 2, qty: 1, at: 20)
        let (status, report) = try journals.reconcile()
        #expect(report["ok"] as? Bool == false)
        #expect(
            (report["problems"] as? [String])?.first?.contains("1 fills without an approved decision: fill-1") == true)
        #expect(status == 1)
    }

    @Test func snapshotThatDisagreesWithTheFillsIsAMismatch() throws {
        let journals = try Journals()
        try journals.order(1, approved: true, at: 0)
        try journals.fill(1, order: 1, qty: 2, at: 20)
        try journals.snapshot(qty: 1, at: 21)
        let (_, report) = try journals.reconcile()
        #expect(report["positions_match_fills"] as? Bool == false)
        #expect(report["ok"] as? Bool == false)
    }

    @Test func approvalMoreThanAHundredMillisecondsIntoATripIsCounted() throws {
        let journals = try Journals()
        let store = KillSwitchFileStore(runDirectory: journals.runDir)
        try store.trip(reason: "test", by: "test", at: Self.start.adding(nanoseconds: 1_000_000_000))
        try store.reset(reason: "done", by: "test", at: Self.start.adding(nanoseconds: 3_000_000_000))
        try journals.order(1, approved: true, at: 500)  // before the trip
        try journals.order(2, approved: true, at: 1_050)  // within the reaction bound
        try journals.order(3, approved: true, at: 1_200)  // late: counted
        try journals.order(4, approved: false, at: 1_300)
        try journals.order(5, approved: true, at: 3_500)  // after the reset
        let (status, report) = try journals.reconcile()
        #expect(report["approved_after_trip"] as? Int == 1)
        #expect((report["problems"] as? [String])?.contains { $0.contains(": d3") } == true, "\(report)")
        #expect(report["ok"] as? Bool == false)
        #expect(status == 1)
    }
}
