import Foundation
import NjordCore
import NjordRedis
import NjordTestSupport
import Testing

/// A real redis-server, the built `njord paper-trader` as a child process, and the test's hand on
/// the streams and topics the daemon reads (as the risk engine and md-ingest would write them).
final class PaperTraderHarness {
    let server: RedisServerFixture
    let bus: RedisBus
    let url: String
    let journalRoot: String
    let runDir: String
    let configDir: String
    private(set) var daemon: NjordProcess?
    private var sequence: UInt64 = 0

    /// - Parameter paperSection: replaces the `paper:` section of a copy of the repo's config.
    init(paperSection: String? = nil) throws {
        server = try RedisServerFixture()
        let port = try #require(server.port)
        url = "redis://127.0.0.1:\(port)"
        bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
        journalRoot = server.directory + "/journal"
        runDir = server.directory + "/run"
        configDir = server.directory + "/config"
        try FileManager.default.createDirectory(atPath: configDir, withIntermediateDirectories: true)
        let repoConfig = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config").path
        for file in ["base.yaml", "strategies.yaml", "portfolio.yaml"] {
            var text = try String(contentsOfFile: repoConfig + "/" + file, encoding: .utf8)
            if file == "base.yaml", let paperSection, let range = text.range(of: "\npaper:\n") {
                text = String(text[..<range.lowerBound]) + "\n" + paperSection + "\n"
            }
            try text.write(toFile: configDir + "/" + file, atomically: true, encoding: .utf8)
        }
    }

    deinit {
        if let daemon { kill(daemon.process.processIdentifier, SIGKILL) }
        bus.close()
    }

    // MARK: - The daemon

    /// Starts the daemon and waits for its first heartbeat (it has restored its state, subscribed
    /// and is reading).
    func start() throws {
        let process = try NjordProcess([
            "paper-trader", "--redis", url, "--journal-root", journalRoot, "--run-dir", runDir, "--config-dir",
            configDir, "--symbol", "BTCUSDT",
        ])
        daemon = process
        let pid = Int64(process.process.processIdentifier)
        let up = try eventually(within: 20_000) { try heartbeat()?.pid == pid }
        #expect(up, "the paper trader did not beat: \(process.process.isRunning ? "running" : "exited")")
    }

    /// kill -9.
    func crash() {
        guard let daemon else { return }
        kill(daemon.process.processIdentifier, SIGKILL)
        _ = daemon.finish()
        self.daemon = nil
    }

    /// SIGTERM; returns how it ended.
    @discardableResult
    func stop() -> NjordProcess.Finished? {
        guard let daemon else { return nil }
        kill(daemon.process.processIdentifier, SIGTERM)
        self.daemon = nil
        return daemon.finish()
    }

    func heartbeat() throws -> Heartbeat? {
        guard let bytes = try bus.value(forKey: "njord:svc:paper-trader") else { return nil }
        guard case .heartbeat(let beat) = try EventEnvelope(json: bytes).payload else { return nil }
        return beat
    }

    // MARK: - Inputs

    private func envelope(_ id: String?, _ payload: EventPayload) -> EventEnvelope {
        sequence += 1
        let now = SystemClock().now()
        return EventEnvelope(
            id: id ?? "test:\(sequence)", source: "test", sequence: sequence, eventTime: now, receiveTime: now,
            payload: payload)
    }

    static func level(_ price: String, _ qty: String) throws -> PriceLevel {
        PriceLevel(price: try Fixed(price), qty: try Fixed(qty))
    }

    /// Writes the book key and publishes the snapshot, as md-ingest does.
    func book(bids: [PriceLevel], asks: [PriceLevel]) throws {
        let event = envelope(
            nil, .bookSnapshot(BookSnapshot(venue: "sim", symbol: "BTCUSDT", lastUpdateId: 1, bids: bids, asks: asks)))
        try bus.setValue(event.encoded(), forKey: Topics.latestBookKey("BTCUSDT"))
        try bus.publish(event.encoded(), on: Topics.book("BTCUSDT"))
    }

    func trade(_ price: String, _ qty: String, aggressor: Side) throws {
        let trade = Trade(
            venue: "sim", symbol: "BTCUSDT", tradeId: Int64(sequence), price: try Fixed(price), qty: try Fixed(qty),
            side: aggressor)
        try bus.publish(envelope(nil, .trade(trade)).encoded(), on: Topics.trades("BTCUSDT"))
    }

    func topOfBook(bid: String, ask: String) throws {
        let top = TopOfBook(
            venue: "sim", symbol: "BTCUSDT", updateId: 2, bid: try Fixed(bid), bidQty: .one, ask: try Fixed(ask),
            askQty: .one)
        try bus.publish(envelope(nil, .topOfBook(top)).encoded(), on: Topics.topOfBook("BTCUSDT"))
    }

    /// Appends an intent to `orders:intents`; returns its envelope id.
    @discardableResult
    func intent(
        _ clientOrderId: String, strategy: String = "s1", side: Side, type: OrderType, quantity: String,
        limit: String? = nil, timeInForce: TimeInForce = .gtc
    ) throws -> (id: String, intent: OrderIntent) {
        let intent = try OrderIntent(
            strategyId: strategy, clientOrderId: clientOrderId, symbol: "BTCUSDT", side: side, orderType: type,
            quantity: try Fixed(quantity), quoteAmount: nil, limitPrice: try limit.map { try Fixed($0) },
            timeInForce: timeInForce, reason: "test")
        let event = envelope("strat:\(clientOrderId)", .orderIntent(intent))
        try bus.append(event.encoded(), to: Topics.orderIntents)
        return (event.id, intent)
    }

    /// Appends the risk engine's decision on an intent to `orders:decisions`.
    func decide(_ intent: (id: String, intent: OrderIntent), deniedBy rules: [String] = []) throws {
        let decision = try RiskDecision(
            intentId: intent.id, strategyId: intent.intent.strategyId, clientOrderId: intent.intent.clientOrderId,
            approved: rules.isEmpty, failedRules: rules.map { .init(rule: $0, detail: "\($0) test detail") })
        try bus.append(envelope("risk:\(intent.id)", .riskDecision(decision)).encoded(), to: Topics.riskDecisions)
    }

    /// Forwards a cancel on `orders:decisions`, as the risk engine does.
    func cancel(_ intent: OrderIntent) throws {
        let request = OrderCancel(
            strategyId: intent.strategyId, clientOrderId: intent.clientOrderId, symbol: intent.symbol, reason: "test")
        try bus.append(envelope(nil, .orderCancel(request)).encoded(), to: Topics.riskDecisions)
    }

    // MARK: - Outputs

    /// Every entry of a stream, decoded, oldest first.
    func entries(_ stream: String) throws -> [EventEnvelope] {
        let reply = try bus.command(["XRANGE", stream, "-", "+"])
        return try (reply.array ?? []).compactMap { entry in
            guard let fields = entry.array?.dropFirst().first?.array, fields.count >= 2, let bytes = fields[1].bytes
            else { return nil }
            return try EventEnvelope(json: bytes)
        }
    }

    func orderEvents() throws -> [OrderEvent] {
        try entries(Topics.orderEvents).compactMap { if case .orderEvent(let e) = $0.payload { e } else { nil } }
    }

    func fills() throws -> [Fill] {
        try entries(Topics.fills).compactMap { if case .fill(let f) = $0.payload { f } else { nil } }
    }

    /// The envelopes of the daemon's journal, in order.
    func journal() throws -> [EventEnvelope] {
        let dir = journalRoot + "/paper"
        guard FileManager.default.fileExists(atPath: dir) else { return [] }
        var out: [EventEnvelope] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where file.hasSuffix(".ndjson") {
            let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") {
                // A kill -9 can leave a torn last line, which readers skip (the journal's rule).
                if let event = try? EventEnvelope(json: String(line)) { out.append(event) }
            }
        }
        return out
    }
}
