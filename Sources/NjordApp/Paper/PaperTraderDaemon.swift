import Foundation
import NjordCore
import NjordJournal

#if canImport(Glibc)
    import Glibc
#endif

/// The I/O edge of `njord-paper-trader`: reads intents (`orders:intents`, group `paper-intents`)
/// and decisions (`orders:decisions`, group `paper`), market data (`md.book.*`, `md.trade.*`,
/// `md.tob.*` for marks, and
/// the `njord:book:<SYMBOL>` keys) and the kill switch; runs the ``PaperTrader``; journals its order
/// flow to `<journal_dir>/paper/` before appending it to `orders:events` / `orders:fills` (and
/// `flow.*`); publishes and journals position and PnL snapshots; beats every second.
///
/// Acknowledgements follow the journal: a decision is acknowledged after its events are settled
/// (in the file, one `write(2)` per step; also fdatasync'd first under `fsync_each`; under
/// `group_commit` the sync runs at the end of the turn, after forwarding);
/// an intent stays pending in `paper-intents` until its order is done (so a restart finds the
/// intents of undecided and resting orders by claiming the group's pending entries).
final class PaperTraderDaemon {
    static let service = "paper-trader"
    static let intentsGroup = "paper-intents"
    static let decisionsGroup = "paper"
    static let consumerName = "paper-trader"
    /// `njord status` reads each service's latest heartbeat here.
    static let heartbeatKey = "njord:svc:paper-trader"

    private let bus: any MessageBus
    private let wallClock: any Clock
    private let journal: JournalWriter
    private let events: JournaledStreamProducer
    private let fills: JournaledStreamProducer
    private let watcher: KillSwitchWatcher
    private let decisions: EventStreamConsumer
    private let marketData: EventTopicConsumer
    private var intentDeadLetters: DeadLetterWriter
    private var decisionDeadLetters: DeadLetterWriter
    private var trader: PaperTrader
    private var pendingIntents: [String: (entry: StreamEntryID, intent: OrderIntent)] = [:]
    private var cancelsAwaitingDecision = false
    /// What the journal said at start; dropped once the restart has used it (its order-flow tail
    /// and finished-intent window would otherwise stay in memory for the daemon's life).
    private var recovery: PaperJournalRecovery?
    private let symbols: [String]
    private let streamTail: (any StreamTail)?
    private let startedAt: Timestamp
    private let run: String
    private var heartbeatSequence: UInt64 = 0
    private var malformedIntents = 0
    private var malformedDecisions = 0
    private var missingIntents = 0
    private var publishFailures = 0
    private var busErrors = 0

    init(
        bus: any MessageBus, journalRoot: String, killSwitch: KillSwitchService, settings: PaperTraderSettings,
        symbols: [String], streamTail: (any StreamTail)?, journalDurability: JournalDurability = .orderFlowDefault,
        wallClock: any Clock = SystemClock()
    ) throws {
        self.bus = bus
        self.streamTail = streamTail
        self.wallClock = wallClock
        self.symbols = symbols
        startedAt = wallClock.now()
        run = String(startedAt.nanosecondsSinceEpoch, radix: 36)
        // Read before the writer opens: it repairs a torn tail, which the reader reports first.
        let recovery = try PaperJournalRecovery.read(root: journalRoot)
        self.recovery = recovery
        trader = PaperTrader(settings: settings, recovery: recovery)
        // A step's records reach the file in one write (`appendTogether`), synced with it under
        // fsync_each and by `syncIfDue` after the turn under group commit.
        journal = try JournalWriter(
            root: journalRoot, stream: PaperJournalRecovery.stream, durability: journalDurability, clock: wallClock)
        events = JournaledStreamProducer(
            bus: bus, journal: journal, stream: Topics.orderEvents, liveTopic: Topics.flowOrderEvents)
        fills = JournaledStreamProducer(bus: bus, journal: journal, stream: Topics.fills, liveTopic: Topics.flowFills)
        watcher = KillSwitchWatcher(service: killSwitch, clock: wallClock)
        let report: @Sendable (BadInputReport) -> Void = { StandardError.warn("paper-trader: \($0.description)") }
        // One paper trader per group: entries left pending by its previous run are claimed at once.
        decisions = EventStreamConsumer(
            bus: bus,
            options: .init(
                stream: Topics.riskDecisions, group: Self.decisionsGroup, consumer: Self.consumerName,
                batchSize: 50, blockMilliseconds: 5, claimIdleMilliseconds: 0, claimIntervalMilliseconds: 1_000),
            clock: wallClock, report: report)
        marketData = EventTopicConsumer(bus: bus, consumer: Self.service, clock: wallClock, report: report)
        intentDeadLetters = DeadLetterWriter(
            bus: bus, consumer: "\(Self.intentsGroup)/\(Self.consumerName)", clock: wallClock, report: report)
        decisionDeadLetters = DeadLetterWriter(
            bus: bus, consumer: "\(Self.decisionsGroup)/\(Self.consumerName)", clock: wallClock, report: report)
    }

    /// Restores the journal's state, then runs until `shouldStop`; a journal failure ends the run
    /// (thrown) before anything unjournaled is sent or acknowledged.
    func run(shouldStop: () -> Bool) throws {
        defer { watcher.stop() }
        for problem in recovery?.problems ?? [] { StandardError.warn("paper-trader: journal: \(problem)") }
        try bus.createGroup(Self.intentsGroup, on: Topics.orderIntents)
        try decisions.start()
        let subscription = try bus.subscribe([
            .pattern(Topics.allSymbols(.bookSnapshot)), .pattern(Topics.allSymbols(.trade)),
            .pattern(Topics.allSymbols(.topOfBook)),
        ])
        defer { subscription.close() }
        try restart()
        for symbol in symbols { try loadBookKey(symbol) }
        try emit(trader.killSwitch(watcher.current().state, at: wallClock.now()))
        publishSnapshots()
        heartbeat(status: .ok)
        var nextBeat = wallClock.monotonicNanoseconds() + 1_000_000_000
        while !shouldStop() {
            do {
                try turn(subscription)
            } catch let error as BusError {
                // Redis away: nothing unjournaled was sent or acknowledged; entries stay pending and
                // come back. Journal errors are not caught here: they end the run.
                busErrors += 1
                if busErrors == 1 || busErrors % 100 == 0 {
                    StandardError.warn("paper-trader: bus error (\(busErrors) so far): \(error)")
                }
                usleep(100_000)
            }
            // After the turn's order flow went out: the group commit's fdatasync never delays a fill.
            try journal.syncIfDue()
            if wallClock.monotonicNanoseconds() >= nextBeat {
                events.retryUnconfirmed()
                fills.retryUnconfirmed()
                publishSnapshots()
                try journal.flush()
                heartbeat(status: .ok)
                nextBeat = wallClock.monotonicNanoseconds() + 1_000_000_000
            }
        }
        publishSnapshots()
        try journal.close()
        heartbeat(status: .down)
    }

    /// One turn of the loop: the kill switch, market data, new intents, a batch of decisions.
    /// While no decision is awaited the turn waits (up to 5 ms) for the next intent rather than for
    /// decisions: an intent reaches the stream before the risk engine decides it, so it is read
    /// while the engine works and its decision, waited for next, needs no further round trip.
    private func turn(_ subscription: BusSubscription) throws {
        watcher.poll()
        try emit(trader.killSwitch(watcher.current().state, at: wallClock.now()))
        for message in subscription.drain() {
            guard let envelope = marketData.decode(message) else { continue }
            try onMarketData(envelope)
        }
        try drainIntents(blockMilliseconds: awaitsDecision() ? 0 : Self.waitMilliseconds)
        let awaited = awaitsDecision()
        try decisions.process(blockMilliseconds: awaited ? Self.waitMilliseconds : 0) { try self.onDecision($0) }
        if awaited { cancelsAwaitingDecision = false }
    }

    /// The longest a turn waits for input.
    static let waitMilliseconds = 5

    /// Whether a decision is on its way: an intent read and not decided yet, or a cancel read
    /// (the risk engine forwards it) since the last wait for decisions.
    private func awaitsDecision() -> Bool {
        cancelsAwaitingDecision || pendingIntents.keys.contains { !trader.handled($0) }
    }

    // MARK: - Restart

    /// Claims every pending intent (undecided, or resting at the last stop), then re-creates the
    /// journal's open orders from them.
    private func restart() throws {
        guard let recovery else { return }
        try appendUnsentOrderFlow(recovery)
        let claimed = try bus.claimIdle(
            stream: Topics.orderIntents, group: Self.intentsGroup, consumer: Self.consumerName,
            minIdleMilliseconds: 0, count: 1_000_000)
        // Handled intents are kept too: the open orders among them are about to rest again.
        try remember(claimed, keepHandled: true)
        let step = trader.restore(
            recovery.openOrders, pending: pendingIntents.mapValues(\.intent), at: wallClock.now())
        try emit(step)
        // Intents whose order finished before the stop but whose entry was not acknowledged yet.
        let finished = pendingIntents.keys.filter { trader.handled($0) && !isResting($0) }
        try acknowledgeIntents(finished)
        if recovery.fillCount > 0 || recovery.orderCount > 0 {
            StandardError.write(
                "paper-trader: restored \(recovery.fillCount) fills, \(recovery.orderCount) orders, "
                    + "\(trader.counters.restored) resting; \(pendingIntents.count) intents pending")
        }
        self.recovery = nil
    }

    /// Appends the journal's order flow that never reached its stream (the trader stopped between
    /// the journal's sync and the append): the records after the newest one the stream holds.
    /// When the stream holds none of them (wiped), the whole tail window is appended again;
    /// consumers drop duplicates by id.
    private func appendUnsentOrderFlow(_ recovery: PaperJournalRecovery) throws {
        guard let streamTail else { return }
        for (stream, fills) in [(Topics.orderEvents, false), (Topics.fills, true)] {
            let records = recovery.orderFlowTail.filter { $0.isFill == fills }
            guard !records.isEmpty else { continue }
            let present = Set(
                try streamTail.recentEnvelopeIds(of: stream, count: 2 * PaperJournalRecovery.tailCapacity))
            let start = records.lastIndex { present.contains($0.id) }.map { $0 + 1 } ?? 0
            guard start < records.count else { continue }
            try bus.append(contentsOf: records[start...].map(\.bytes), to: stream)
            StandardError.write(
                "paper-trader: appended \(records.count - start) journaled events missing from \(stream)")
        }
    }

    private func isResting(_ intentId: String) -> Bool {
        trader.engines.values.contains { $0.orders.contains { $0.intentId == intentId } }
    }

    // MARK: - Intents

    /// Reads every intent not yet delivered to the group, the first read waiting up to
    /// `blockMilliseconds` for one; a short batch was the last (no second round trip to learn that
    /// the stream is empty — a decision may wait on this read).
    private func drainIntents(blockMilliseconds: Int = 0) throws {
        let batch = 500
        var block = blockMilliseconds
        while true {
            let entries = try bus.readGroup(
                stream: Topics.orderIntents, group: Self.intentsGroup, consumer: Self.consumerName, count: batch,
                blockMilliseconds: block)
            block = 0
            if !entries.isEmpty { try remember(entries) }
            if entries.count < batch { return }
        }
    }

    /// Keeps intents by envelope id; cancels (they act when the risk engine forwards them), bad
    /// entries (dead-lettered) and intents already handled (unless `keepHandled`) are acknowledged at once.
    private func remember(_ entries: [StreamEntry], keepHandled: Bool = false) throws {
        var done: [StreamEntryID] = []
        for entry in entries {
            do {
                let envelope = try EventEnvelope(json: entry.payload)
                switch envelope.payload {
                case .orderIntent(let intent):
                    if !keepHandled && trader.handled(envelope.id) && !isResting(envelope.id) {
                        done.append(entry.id)
                    } else if let held = pendingIntents[envelope.id], held.entry != entry.id {
                        done.append(entry.id)  // a producer's retry of an intent already held
                    } else {
                        pendingIntents[envelope.id] = (entry.id, intent)
                    }
                case .orderCancel:
                    done.append(entry.id)
                    cancelsAwaitingDecision = true
                default:
                    throw ContractError.ruleViolated(
                        path: "type", reason: "\(envelope.type.rawValue) does not belong on \(Topics.orderIntents)")
                }
            } catch let error as ContractError {
                malformedIntents += 1
                try intentDeadLetters.reject(entry.payload, origin: Topics.orderIntents, error: error)
                done.append(entry.id)
            }
        }
        if !done.isEmpty { try bus.acknowledge(done, stream: Topics.orderIntents, group: Self.intentsGroup) }
    }

    private func acknowledgeIntents(_ intentIds: [String]) throws {
        let entries = intentIds.compactMap { pendingIntents.removeValue(forKey: $0)?.entry }
        if !entries.isEmpty { try bus.acknowledge(entries, stream: Topics.orderIntents, group: Self.intentsGroup) }
    }

    // MARK: - Decisions

    private func onDecision(_ envelope: EventEnvelope) throws {
        let now = wallClock.now()
        switch envelope.payload {
        case .riskDecision(let decision):
            if trader.handled(decision.intentId) {
                trader.countDuplicate()
                if !isResting(decision.intentId) { try acknowledgeIntents([decision.intentId]) }
                return
            }
            if pendingIntents[decision.intentId] == nil { try drainIntents() }
            guard let intent = pendingIntents[decision.intentId]?.intent else {
                // The risk engine decides only intents it read from the stream: this one must be
                // there. Never guess an order from a decision.
                missingIntents += 1
                try decisionDeadLetters.reject(
                    envelope.encoded(), origin: Topics.riskDecisions,
                    error: .ruleViolated(
                        path: "data.intent_id",
                        reason: "intent \(decision.intentId) is not on \(Topics.orderIntents) (pending or new)"))
                return
            }
            if trader.engines[intent.symbol] == nil { try loadBookKey(intent.symbol) }
            try emit(trader.decide(decision, intentId: decision.intentId, intent: intent, at: now))
        case .orderCancel(let request):
            try emit(trader.cancel(request, at: now))
        default:
            malformedDecisions += 1
            try decisionDeadLetters.reject(
                envelope.encoded(), origin: Topics.riskDecisions,
                error: .ruleViolated(
                    path: "type",
                    reason: "\(envelope.type.rawValue) does not belong on \(Topics.riskDecisions)"))
        }
    }

    // MARK: - Market data

    private func onMarketData(_ envelope: EventEnvelope) throws {
        switch envelope.payload {
        case .bookSnapshot(let book): try emit(trader.onBook(book, at: wallClock.now()))
        case .trade(let trade): try emit(trader.onTrade(trade, at: wallClock.now()))
        case .topOfBook(let top): trader.onTopOfBook(top)
        default: break
        }
    }

    private func loadBookKey(_ symbol: String) throws {
        guard let bytes = try? bus.value(forKey: Topics.latestBookKey(symbol)),
            let envelope = try? EventEnvelope(json: bytes), case .bookSnapshot(let book) = envelope.payload
        else { return }
        try emit(trader.onBook(book, at: wallClock.now()))
    }

    // MARK: - Output

    /// Journals the step's order flow (one write; and one sync under fsync_each), then appends it
    /// to its streams — fills first, they are what everyone waits for — acknowledges the intents it
    /// finished and, after fills, publishes snapshots.
    private func emit(_ step: PaperTrader.Step) throws {
        guard !step.orderFlow.isEmpty else { return }
        try journal.appendTogether {
            for envelope in step.orderFlow {
                if case .fill = envelope.payload { try fills.stage(envelope) } else { try events.stage(envelope) }
            }
        }
        try fills.sendStaged()
        try events.sendStaged()
        try acknowledgeIntents(step.finishedIntents)
        if step.filled { publishSnapshots() }
    }

    private func publishSnapshots() {
        let snapshots = trader.snapshots(run: run, at: wallClock.now())
        guard !snapshots.isEmpty else { return }
        var batch: [BusMessage] = []
        for (topic, envelope) in snapshots {
            let bytes = envelope.encoded()
            // Journaled with the next sync; a snapshot is derived state, the fills are the truth.
            do { try journal.append(bytes) } catch { publishFailures += 1 }
            batch.append(BusMessage(topic: topic, payload: bytes))
        }
        do { try bus.publish(batch: batch) } catch { publishFailures += batch.count }
    }

    private func heartbeat(status: ServiceStatus) {
        var counters = bus.status.heartbeatCounters
        let c = trader.counters
        counters.merge(
            [
                "decisions_in": Int64(c.decisionsIn), "duplicates": Int64(c.duplicates),
                "fills_out": Int64(c.fillsOut), "orders_resting": Int64(trader.restingOrders),
                "rejected": Int64(c.rejected), "cancels_in": Int64(c.cancelsIn),
                "malformed": Int64(
                    malformedIntents + malformedDecisions + decisions.counters.deadLettered
                        + marketData.counters.deadLettered),
                "missing_intents": Int64(missingIntents), "positions": Int64(trader.openPositions),
                "intents_pending": Int64(pendingIntents.count), "restored": Int64(c.restored),
                "intents_remembered": Int64(trader.rememberedIntents),
                "kill_switch_tripped": trader.killSwitchTripped ? 1 : 0,
                "unconfirmed": Int64(events.unconfirmedCount + fills.unconfirmedCount),
                "publish_failures": Int64(publishFailures), "bus_errors": Int64(busErrors),
            ]
        ) { $1 }
        let now = wallClock.now()
        heartbeatSequence += 1
        let beat = Heartbeat(
            service: Self.service, host: ProcessInfo.processInfo.hostName, pid: Int64(getpid()), startedAt: startedAt,
            status: status, counters: counters)
        let envelope = EventEnvelope(
            id: "\(Self.service)-hb-\(run)-\(heartbeatSequence)", source: Self.service, sequence: heartbeatSequence,
            eventTime: now, receiveTime: now, payload: .heartbeat(beat))
        let bytes = envelope.encoded()
        do {
            try bus.publish(bytes, on: Topics.heartbeat(Self.service))
            try bus.setValue(bytes, forKey: Self.heartbeatKey)
        } catch { publishFailures += 1 }
    }
}
