import Foundation
import NjordCore
import NjordJournal
import NjordRisk
import NjordServiceKit

#if canImport(Glibc)
    import Glibc
#endif

/// The I/O edge of `njord-risk-engine`: feeds the ``RiskEngine`` prices (`md.tob.*` mids and
/// `md.trade.*` last trades), fills (`orders:fills`, group `risk-fills`) and the kill switch (a
/// ``KillSwitchWatcher`` woken by the `killswitch` topic), and decides every `order.intent` of
/// `orders:intents` (group `risk`) exactly once: intent and decision are journaled under
/// `<journal root>/risk/` before the decision is appended to `orders:decisions` and copied to
/// `flow.decisions` (settled: written, or synced under `fsync_each`; a group commit's sync runs after
/// the turn that forwarded it). A restart re-reads that journal: an intent decided before is never
/// decided again (its decision is re-sent only when the stream does not hold it), and positions are
/// the fold of the fills journaled there. "Before" reaches back over the newest `decisionWindow`
/// decisions (100,000), the horizon of every consumer's idempotency window, so memory stays bounded
/// however long it runs. Beats every second on `svc.heartbeat.risk-engine` and `njord:svc:risk-engine`.
final class RiskEngineDaemon {
    static let service = "risk-engine"
    static let intentGroup = "risk"
    static let fillGroup = "risk-fills"

    /// What the daemon did since it started; the heartbeat's counters.
    struct Counters {
        var intents = 0
        var approved = 0
        var denied = 0
        /// Entries of `orders:intents` that are not order intents (undecodable or another type).
        var malformed = 0
        /// `order.cancel`s forwarded unchanged to `orders:decisions`.
        var cancels = 0
        /// Intents decided before a restart whose decision was sent again, not decided again.
        var resent = 0
        var fills = 0
        var prices = 0
        var publishFailures = 0
        var lastDecisionLatencyMicroseconds: Int64 = 0
    }

    private let bus: any MessageBus
    private let watcher: KillSwitchWatcher
    private let clock: any Clock
    private var engine: RiskEngine
    private let intents: EventStreamConsumer
    private let fillConsumer: EventStreamConsumer
    private let journal: JournalWriter
    private let producer: JournaledStreamProducer
    private var deadLetters: DeadLetterWriter
    private let latestPrices: LatestMessageByTopic
    private let prices: BusSubscription
    private let publishedDecisions: () -> Set<String>
    /// The intents decided most recently (ids), never decided again: the newest `decisionWindow`,
    /// so a daemon that runs for months holds a bounded set, not one entry per intent it ever saw.
    private var decided: EventIdWindow
    /// Decisions journaled whose append the bus did not confirm (by intent id): sent again when
    /// their intent comes back. Only failures land here.
    private var unsent: [String: EventEnvelope] = [:]
    private let decisionWindow: Int
    private var decisionSequence: UInt64 = 0
    private var heartbeatSequence: UInt64 = 0
    private let startedAt: Timestamp
    private(set) var counters = Counters()

    /// - Parameters:
    ///   - engine: limits and instruments; its state is rebuilt from the journal here.
    ///   - consumer: this process's name in the consumer groups (one risk engine runs at a time).
    ///   - claimIdleMilliseconds: how long an entry a crashed run read but never acknowledged waits
    ///     before this run takes it over.
    ///   - journalDurability: the risk journal's mode (from `journal:`, ``JournalDurability/init(orderFlow:)``).
    ///   - publishedDecisions: intent ids whose decisions `orders:decisions` holds (its recent tail),
    ///     read once at start to tell a decision that reached the stream from one that was only
    ///     journaled before a crash.
    ///   - decisionWindow: how many of the newest decided intents are remembered, here and from the
    ///     journal at start: the redelivery horizon, as the consumers' idempotency window (an intent
    ///     redelivered after that many newer decisions would be decided again). Default 100,000, the
    ///     decision stream's tail read at start and the default `redis.stream_maxlen`.
    init(
        bus: any MessageBus, engine: RiskEngine, watcher: KillSwitchWatcher, journalRoot: String,
        consumer: String, claimIdleMilliseconds: Int, journalDurability: JournalDurability = .orderFlowDefault,
        clock: any Clock = SystemClock(), decisionWindow: Int = 100_000,
        publishedDecisions: @escaping () -> Set<String>,
        report: @escaping @Sendable (BadInputReport) -> Void
    ) throws {
        self.bus = bus
        self.engine = engine
        self.watcher = watcher
        self.clock = clock
        self.publishedDecisions = publishedDecisions
        self.decisionWindow = decisionWindow
        decided = EventIdWindow(capacity: decisionWindow)
        startedAt = clock.now()
        intents = EventStreamConsumer(
            bus: bus,
            options: .init(
                stream: Topics.orderIntents, group: Self.intentGroup, consumer: consumer, batchSize: 64,
                blockMilliseconds: 20, claimIdleMilliseconds: claimIdleMilliseconds,
                claimIntervalMilliseconds: max(100, claimIdleMilliseconds)),
            clock: clock, report: report)
        fillConsumer = EventStreamConsumer(
            bus: bus,
            options: .init(
                stream: Topics.fills, group: Self.fillGroup, consumer: consumer, batchSize: 256, blockMilliseconds: 0,
                claimIdleMilliseconds: claimIdleMilliseconds, claimIntervalMilliseconds: max(100, claimIdleMilliseconds)
            ),
            clock: clock, report: report)
        deadLetters = DeadLetterWriter(
            bus: bus, consumer: "\(Self.intentGroup)/\(consumer)", clock: clock, report: report)
        journal = try JournalWriter(
            root: journalRoot, stream: RiskJournalRecovery.stream, durability: journalDurability, clock: clock)
        producer = JournaledStreamProducer(
            bus: bus, journal: journal, stream: Topics.riskDecisions, liveTopic: Topics.flowDecisions)
        let latestPrices = LatestMessageByTopic()
        self.latestPrices = latestPrices
        prices = try bus.subscribe([.pattern("md.tob.*"), .pattern("md.trade.*")]) { latestPrices.push($0) }
        try recover(journalRoot: journalRoot)
    }

    // MARK: - Start

    private func recover(journalRoot: String) throws {
        // The journal holds every fill this engine applied since the group began at the stream's start,
        // so positions start flat and are their fold (flat first: a fill never makes an unknown known).
        engine.state.declareAbsentPositionsFlat()
        let recovery = try RiskJournalRecovery.read(root: journalRoot, decisionWindow: decisionWindow) { fill in
            if case .fill(let payload) = fill.payload { engine.apply(fill: payload, at: fill.receiveTime) }
        }
        // The newest decisions only, in journal order: older ones lie beyond the horizon (and the
        // stream's tail).
        let recent = recovery.recentDecisions
        for decision in recent { decided.insert(Self.intentId(of: decision)) }
        decisionSequence = recovery.lastDecisionSequence
        // Intents are not seeded: one journaled without its decision (a crash in between) must still be
        // decided; decided ones are recognized by `decided` below.
        fillConsumer.seedApplied(recovery.appliedFillIds.ids)
        let published = publishedDecisions()
        // Journaled before a crash but never appended: send now, in journal order.
        for decision in recent where !published.contains(Self.intentId(of: decision)) { resend(decision) }
        try intents.start()
        try fillConsumer.start()
    }

    private static func intentId(of decision: EventEnvelope) -> String {
        if case .riskDecision(let payload) = decision.payload { return payload.intentId }
        return ""
    }

    // MARK: - Loop

    /// Runs until `shouldStop` says so, then flushes the journal and beats a last `down`.
    func run(shouldStop: () -> Bool) throws {
        watcher.start()
        defer { watcher.stop() }
        heartbeat(status: .ok)
        var nextHeartbeat = clock.monotonicNanoseconds() + 1_000_000_000
        var busFailures = 0
        while !shouldStop() {
            do {
                try step()
                busFailures = 0
            } catch let error as BusError {
                // The bus reconnects on its own; keep beating (status degraded) and back off a little.
                busFailures += 1
                if busFailures == 1 { StandardError.warn("risk engine: bus: \(error)") }
                usleep(UInt32(min(busFailures, 50)) * 10_000)
            }
            // After the turn's decisions went out: the group commit's fdatasync never delays one.
            try journal.syncIfDue()
            if clock.monotonicNanoseconds() >= nextHeartbeat {
                heartbeat(status: busFailures > 0 ? .degraded : .ok)
                nextHeartbeat = clock.monotonicNanoseconds() + 1_000_000_000
            }
        }
        try journal.close()
        heartbeat(status: .down)
    }

    /// One turn: fills first (they change positions), then a batch of intents.
    func step() throws {
        try fillConsumer.process { envelope in try applyFill(envelope) }
        try intents.process { envelope in try handleIntentEntry(envelope) }
        producer.retryUnconfirmed()
    }

    private func applyFill(_ envelope: EventEnvelope) throws {
        guard case .fill(let fill) = envelope.payload else { return }
        drainPrices()
        // Journaled first: the restart folds exactly what was applied.
        try journal.append(envelope.encoded())
        engine.apply(fill: fill, at: clock.now())
        counters.fills += 1
    }

    private func handleIntentEntry(_ envelope: EventEnvelope) throws {
        switch envelope.payload {
        case .orderIntent(let intent):
            try decide(intent, envelope: envelope)
        case .orderCancel:
            // Cancels always pass — they only reduce risk, and a tripped kill switch must still let
            // them through. Forwarded unchanged (same envelope id); the producer journals it before
            // it forwards it, like a decision (once: it is the same envelope). A cancel forwarded
            // twice after a restart is harmless: the executor ignores a cancel of an order that is
            // no longer open.
            if try !producer.send(envelope) { counters.publishFailures += 1 }
            counters.cancels += 1
        default:
            counters.malformed += 1
            let error = ContractError.ruleViolated(
                path: "type", reason: "\(Topics.orderIntents) carries order.intent, not \(envelope.type.rawValue)")
            try deadLetters.reject(envelope.encoded(), origin: Topics.orderIntents, error: error)
        }
    }

    private func decide(_ intent: OrderIntent, envelope: EventEnvelope) throws {
        if decided.contains(envelope.id) {
            // Decided before (a restart, a redelivery): never decide again; re-send only what the
            // bus did not confirm.
            if let earlier = unsent[envelope.id] { resend(earlier) }
            return
        }
        drainPrices()
        engine.apply(killSwitch: watcher.current())
        let now = clock.now()
        let decision = engine.evaluate(intent, intentId: envelope.id, at: now)
        decisionSequence += 1
        let out = EventEnvelope(
            id: "\(Self.service):\(envelope.id)", source: Self.service, sequence: decisionSequence,
            eventTime: now, receiveTime: now, payload: .riskDecision(decision))
        // Intent and decision reach the journal in one write: on the order path every syscall counts.
        try journal.appendTogether {
            try journal.append(envelope.encoded())
            try producer.stage(out)
        }
        if try !producer.sendStaged() {
            counters.publishFailures += 1
            unsent[envelope.id] = out
        }
        decided.insert(envelope.id)
        counters.intents += 1
        if decision.approved { counters.approved += 1 } else { counters.denied += 1 }
        let latency = clock.now().nanosecondsSinceEpoch - envelope.receiveTime.nanosecondsSinceEpoch
        counters.lastDecisionLatencyMicroseconds = max(0, latency / 1_000)
    }

    private func resend(_ decision: EventEnvelope) {
        let bytes = decision.encoded()
        do {
            try bus.append(bytes, to: Topics.riskDecisions)
            try? bus.publish(bytes, on: Topics.flowDecisions)
            unsent[Self.intentId(of: decision)] = nil
            counters.resent += 1
        } catch {
            counters.publishFailures += 1
            unsent[Self.intentId(of: decision)] = decision
        }
    }

    /// Applies the newest price message of each topic (one kind, one symbol) that arrived since the
    /// last turn; the time of a price is when this engine saw it, on the same clock its decisions and
    /// the staleness check use. The engine keeps only the latest mid and last trade of each symbol,
    /// so older messages are superseded as they arrive, on the subscriber thread
    /// (``LatestMessageByTopic``): at 10k events/s a decision no longer waits for hundreds of
    /// messages it would overwrite at once. A newest message that does not decode leaves the
    /// symbol's previous price (and its age: a price that grows stale denies).
    private func drainPrices() {
        let (messages, received) = latestPrices.take()
        guard !messages.isEmpty else { return }
        let now = clock.now()
        for message in messages {
            guard let envelope = try? EventEnvelope(json: message.payload) else { continue }
            switch envelope.payload {
            case .topOfBook(let book):
                guard let mid = try? (book.bid + book.ask).divided(by: 2, rounding: .toNearestOrEven) else {
                    continue
                }
                engine.apply(marketPrice: .mid(mid), symbol: book.symbol, at: now)
            case .trade(let trade):
                engine.apply(marketPrice: .lastTrade(trade.price), symbol: trade.symbol, at: now)
            default: continue
            }
        }
        counters.prices += received
    }

    // MARK: - Heartbeat

    private func heartbeat(status: ServiceStatus) {
        let reading = watcher.current()
        var values: [String: Int64] = [
            "intents": Int64(counters.intents), "approved": Int64(counters.approved),
            "denied": Int64(counters.denied),
            "malformed": Int64(counters.malformed + intents.counters.deadLettered),
            "resent": Int64(counters.resent), "fills": Int64(counters.fills), "cancels": Int64(counters.cancels),
            "prices": Int64(counters.prices), "publish_failures": Int64(counters.publishFailures),
            "unconfirmed_decisions": Int64(producer.unconfirmedCount),
            "kill_switch_tripped": reading.state.tripped ? 1 : 0,
            "last_decision_latency_us": counters.lastDecisionLatencyMicroseconds,
        ]
        values.merge(engine.utilization(at: clock.now()).heartbeatCounters) { mine, _ in mine }
        values.merge(bus.status.heartbeatCounters) { mine, _ in mine }
        heartbeatSequence += 1
        let beat = Heartbeat(
            service: Self.service, host: ProcessInfo.processInfo.hostName, pid: Int64(getpid()),
            startedAt: startedAt, status: status, counters: values)
        counters.publishFailures += ServiceHeartbeatKey.send(
            beat, sequence: heartbeatSequence, at: clock.now(), bus: bus)
    }
}
