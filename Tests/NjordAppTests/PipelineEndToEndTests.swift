import Foundation
import NjordCore
import NjordRedis
import NjordTestSupport
import Testing

/// The whole paper stack on a real redis-server — sim venue → `njord-md-ingest` → `njord-strategy-host`
/// → `njord-risk-engine` → `njord-paper-trader` — with the shipped configuration, judged by what
/// `njord reconcile` reads back from the journals.
@Suite(.serialized) struct PipelineEndToEndTests {
    static let repoConfig = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("config").path

    /// The four daemons over one server, their state under the server's scratch directory.
    final class Stack {
        let server: RedisServerFixture
        let bus: RedisBus
        let url: String
        let daemons: [StackDaemon]

        var journalDir: String { server.directory + "/journal" }
        var runDir: String { server.directory + "/run" }

        init() throws {
            server = try RedisServerFixture()
            let port = try #require(server.port)
            url = "redis://127.0.0.1:\(port)"
            bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
            let directory = server.directory
            let environment = [
                "NJORD_PATHS_JOURNAL_DIR": directory + "/journal", "NJORD_PATHS_RUN_DIR": directory + "/run",
                "NJORD_PATHS_LOG_DIR": directory + "/log", "NJORD_PATHS_DATA_DIR": directory + "/data",
                "NJORD_APP_ENV": "paper",
            ]
            let common = ["--redis", url, "--config-dir", PipelineEndToEndTests.repoConfig]
            daemons = [
                StackDaemon(
                    "njord-md-ingest", arguments: common + ["--venue", "sim"], environment: environment,
                    logDirectory: directory),
                StackDaemon(
                    "njord-strategy-host", arguments: common, environment: environment, logDirectory: directory),
                StackDaemon("njord-risk-engine", arguments: common, environment: environment, logDirectory: directory),
                StackDaemon("njord-paper-trader", arguments: common, environment: environment, logDirectory: directory),
            ]
        }

        func daemon(_ name: String) -> StackDaemon { daemons.first { $0.name == name }! }

        /// Starts the daemons downstream first, so nothing the upstream ones send waits for a reader.
        func startAll() throws {
            for daemon in daemons.reversed() { try daemon.start() }
        }

        /// Stops upstream first, so the downstream daemons finish what is already in flight.
        func stopAll() {
            for daemon in daemons { daemon.stop() }
        }

        var logs: String { daemons.map { $0.logTail() }.joined(separator: "\n") }

        func length(_ stream: String) -> Int { (try? bus.length(of: stream)) ?? 0 }

        /// Every entry of `stream`, decoded, read through a consumer group of the test's own.
        func entries(_ stream: String) throws -> [EventEnvelope] {
            let group = "e2e-\(UUID().uuidString)"
            try bus.createGroup(group, on: stream)
            var out: [EventEnvelope] = []
            while true {
                let batch = try bus.readGroup(
                    stream: stream, group: group, consumer: "test", count: 1_000, blockMilliseconds: 0)
                if batch.isEmpty { break }
                for entry in batch { out.append(try EventEnvelope(json: entry.payload)) }
            }
            return out
        }

        /// `njord reconcile --json` over the stack's journals.
        func reconcile() throws -> [String: Any] {
            let finished = try NjordProcess.run([
                "reconcile", "--json", "--journal-dir", journalDir, "--run-dir", runDir,
            ])
            let object = try JSONSerialization.jsonObject(with: Data(finished.stdout.utf8))
            return try #require(object as? [String: Any], "reconcile printed no JSON object: \(finished)")
        }

        /// True when every stream entry of the order flow has been read and acknowledged downstream.
        var drained: Bool {
            let groups = [
                (Topics.orderIntents, "risk"), (Topics.riskDecisions, "paper"),
            ]
            return groups.allSatisfy { (try? bus.pendingCount(stream: $0.0, group: $0.1)) == 0 }
                && length(Topics.riskDecisions) >= length(Topics.orderIntents) - cancels
        }

        /// Cancels on the intents stream (they are forwarded, not decided).
        var cancels: Int {
            ((try? entries(Topics.orderIntents)) ?? []).filter { $0.type == .orderCancel }.count
        }

        deinit {
            for daemon in daemons { daemon.crash() }
            bus.close()
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func simVenueThroughStrategiesRiskAndPaperFillsReconciles() throws {
        let stack = try Stack()
        try stack.startAll()
        let filled = eventually(within: 90_000) { stack.length(Topics.fills) >= 2 }
        #expect(filled, "no fills within 90 s:\n\(stack.logs)")
        #expect(eventually(within: 10_000) { stack.drained }, "order flow not drained:\n\(stack.logs)")
        stack.stopAll()

        let report = try stack.reconcile()
        #expect(report["ok"] as? Bool == true, "reconcile: \(report)\n\(stack.logs)")
        #expect(report["positions_match_fills"] as? Bool == true)
        #expect((report["fills"] as? Int ?? 0) >= 2)
        #expect((report["intents"] as? Int ?? 0) >= (report["approved"] as? Int ?? 0))
        #expect(report["approved_after_trip"] as? Int == 0)

        // What reached the streams agrees with the journals: every fill names an approved decision.
        let decisions = try stack.entries(Topics.riskDecisions).compactMap { envelope -> RiskDecision? in
            if case .riskDecision(let d) = envelope.payload { d } else { nil }
        }
        let approved = Set(decisions.filter(\.approved).map(\.clientOrderId))
        let fills = try stack.entries(Topics.fills).compactMap { envelope -> Fill? in
            if case .fill(let f) = envelope.payload { f } else { nil }
        }
        #expect(!fills.isEmpty)
        for fill in fills { #expect(approved.contains(fill.clientOrderId), "fill \(fill.fillId) without approval") }
        #expect(Set(fills.map(\.fillId)).count == fills.count, "a fill id repeats on orders:fills")
    }

    @Test(.timeLimit(.minutes(4)))
    func killNineOfRiskEngineAndPaperTraderLosesAndDoublesNothing() throws {
        let stack = try Stack()
        try stack.startAll()
        #expect(
            eventually(within: 90_000) { stack.length(Topics.fills) >= 1 }, "no fills within 90 s:\n\(stack.logs)")

        // Crash at moments chosen by the order flow itself (after a random number of further intents),
        // never by a timer, alternating the two daemons that hold order state.
        var random = SplitMix64(seed: 0xC4A5)
        for round in 0..<4 {
            let victim = stack.daemon(round % 2 == 0 ? "njord-paper-trader" : "njord-risk-engine")
            let target = stack.length(Topics.orderIntents) + 1 + Int(random.next() % 3)
            #expect(
                eventually(within: 60_000) { stack.length(Topics.orderIntents) >= target },
                "round \(round): the strategies stopped sending intents:\n\(stack.logs)")
            victim.crash()
            try victim.start()
        }
        let more = stack.length(Topics.fills) + 1
        #expect(eventually(within: 60_000) { stack.length(Topics.fills) >= more }, "no fills after the crashes")
        #expect(eventually(within: 15_000) { stack.drained }, "order flow not drained:\n\(stack.logs)")
        stack.stopAll()

        let report = try stack.reconcile()
        #expect(report["ok"] as? Bool == true, "reconcile after kill -9 rounds: \(report)\n\(stack.logs)")
        let decisions = try stack.entries(Topics.riskDecisions).compactMap { envelope -> RiskDecision? in
            if case .riskDecision(let d) = envelope.payload { d } else { nil }
        }
        #expect(
            Set(decisions.map(\.intentId)).count == decisions.count, "an intent was decided twice on orders:decisions")
        let fills = try stack.entries(Topics.fills).compactMap { envelope -> Fill? in
            if case .fill(let f) = envelope.payload { f } else { nil }
        }
        #expect(Set(fills.map(\.fillId)).count == fills.count, "a fill was executed twice")
        // Every approved order reached a venue outcome: an order event for its client order id.
        let events = try stack.entries(Topics.orderEvents).compactMap { envelope -> OrderEvent? in
            if case .orderEvent(let e) = envelope.payload { e } else { nil }
        }
        let outcomes = Set(events.map(\.clientOrderId))
        for decision in decisions where decision.approved {
            #expect(outcomes.contains(decision.clientOrderId), "approved \(decision.clientOrderId) was lost")
        }
    }
}
