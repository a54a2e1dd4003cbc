import Foundation
import NjordCore
import NjordJournal
import NjordServiceKit
import NjordStrategies

#if canImport(Glibc)
    import Glibc
#endif

/// The I/O edge of `njord-strategy-host`: feeds a ``StrategyHost`` closed bars (`md.bar.<interval>.<SYMBOL>`
/// of the running strategies' symbols), fills (`orders:fills`, group `strategy-host-fills`) and order
/// events (`orders:events`, group `strategy-host-events`) of its own strategies, and sends what it
/// returns: each intent (`order.intent`) and cancel (`order.cancel`) is journaled under
/// `<journal root>/strategy-host/` (written; also synced under `fsync_each`) before it is appended
/// to `orders:intents`, then copied to `flow.intents`; each fill and order event of its strategies
/// is journaled there before it is applied. A reload request (SIGHUP) re-reads the strategies and hot-swaps them; rebuilt
/// strategies warm up from the market-data store. Beats every second on `svc.heartbeat.strategy-host`
/// and `njord:svc:strategy-host`; `njord:strategies` lists the running set after every change.
///
/// Restart: order ids continue above every id in the journal; positions are the fold of the fills
/// the journal shows applied, and the newest of those are marked applied so the group does not
/// apply them twice; orders the journal shows issued and not closed are canceled (the new run does
/// not track them). A journal from before fills were journaled adopts the streams' history once
/// (`orders:fills` and `orders:events` from their first entries), journaling what it adopts.
final class StrategyHostDaemon {
    static let service = "strategy-host"
    static let fillGroup = "strategy-host-fills"
    static let eventGroup = "strategy-host-events"
    /// The latest heartbeat envelope, `njord:svc:strategy-host` (what `njord status` reads).
    static let heartbeatKey = ServiceHeartbeatKey.key(service)

    /// What the daemon did since it started; the heartbeat's counters.
    struct Counters {
        var barsIn = 0
        var intentsOut = 0
        var cancelsOut = 0
        var fillsIn = 0
        var orderEventsIn = 0
        /// Entries and messages of the wrong event type (undecodable ones are counted by the consumers).
        var wrongType = 0
        var reloads = 0
        var reloadFailures = 0
        var restoredFills = 0
        var restartCancels = 0
        var warmedUp = 0
        var coldStarts = 0
        var publishFailures = 0
    }

    struct Settings {
        var barInterval: BarInterval
        /// This process's name in the consumer groups.
        var consumer: String
        var claimIdleMilliseconds: Int
        var journalRoot: String
        /// The journal's mode (from `journal:`, ``JournalDurability/init(orderFlow:)``).
        var journalDurability: JournalDurability = .orderFlowDefault
    }

    private let bus: any MessageBus
    private var host: StrategyHost
    private let settings: Settings
    private let clock: any Clock
    private let journal: JournalWriter
    private let producer: JournaledStreamProducer
    private let fills: EventStreamConsumer
    private let orderEvents: EventStreamConsumer
    private let barDecoder: EventTopicConsumer
    private var deadLetters: DeadLetterWriter
    private var bars: BusSubscription?
    private var barSymbols: [String] = []
    private let warmUpBars: StrategyWarmUpBars?
    private let loadSpecs: () throws -> [StrategySpec]
    private let log: (String) -> Void
    /// Strategy ids this host has run (now, before a reload, or before a restart): their fills are its own.
    private var ownStrategies: Set<String>
    private var eventSequence: UInt64
    private let runId: String
    private let startedAt: Timestamp
    private var heartbeatSequence: UInt64 = 0
    private(set) var counters = Counters()

    init(
        bus: any MessageBus, host: StrategyHost, recovery: StrategyHostRecovery, settings: Settings,
        warmUpBars: StrategyWarmUpBars?, loadSpecs: @escaping () throws -> [StrategySpec],
        clock: any Clock = SystemClock(), log: @escaping @Sendable (String) -> Void
    ) throws {
        self.bus = bus
        self.host = host
        self.settings = settings
        self.clock = clock
        self.warmUpBars = warmUpBars
        self.loadSpecs = loadSpecs
        self.log = log
        startedAt = clock.now()
        runId = String(startedAt.nanosecondsSinceEpoch, radix: 36)
        eventSequence = recovery.lastEventSequence
        ownStrategies = recovery.strategyIds.union(host.strategies.map(\.id))
        let report: @Sendable (BadInputReport) -> Void = { log("\($0)") }
        let claimInterval = max(100, settings.claimIdleMilliseconds)
        fills = EventStreamConsumer(
            bus: bus,
            options: .init(
                stream: Topics.fills, group: Self.fillGroup, consumer: settings.consumer, batchSize: 256,
                blockMilliseconds: 0, claimIdleMilliseconds: settings.claimIdleMilliseconds,
                claimIntervalMilliseconds: claimInterval),
            clock: clock, report: report)
        orderEvents = EventStreamConsumer(
            bus: bus,
            options: .init(
                stream: Topics.orderEvents, group: Self.eventGroup, consumer: settings.consumer, batchSize: 256,
                blockMilliseconds: 0, claimIdleMilliseconds: settings.claimIdleMilliseconds,
                claimIntervalMilliseconds: claimInterval),
            clock: clock, report: report)
        barDecoder = EventTopicConsumer(bus: bus, consumer: Self.service, clock: clock, report: report)
        deadLetters = DeadLetterWriter(bus: bus, consumer: Self.service, clock: clock, report: report)
        journal = try JournalWriter(
            root: settings.journalRoot, stream: StrategyHostRecovery.stream, durability: settings.journalDurability,
            clock: clock)
        producer = JournaledStreamProducer(
            bus: bus, journal: journal, stream: Topics.orderIntents, liveTopic: Topics.flowIntents)
    }

    // MARK: - Start

    /// Rebuilds positions from the journal's fills (adopting `history` — the fills and order events
    /// streams read from their start — when the journal has none, see ``StrategyHostRecovery``),
    /// creates the groups, warms every strategy up, applies what reached the streams while the host
    /// was down, cancels the orders earlier runs left open and subscribes to bars.
    func start(recovery journaled: StrategyHostRecovery, history: () throws -> [EventEnvelope]) throws {
        var recovery = journaled
        if !recovery.hasAppliedRecords {
            let adopted = try history().filter { Self.strategyId(of: $0).map(ownStrategies.contains) == true }
            for envelope in adopted {
                try journal.append(envelope.encoded())
                recovery.add(envelope)
            }
            if !adopted.isEmpty {
                _ = try journal.flush()
                log("strategy host: adopted \(adopted.count) fills and order events from the streams into its journal")
            }
        }
        for fill in recovery.fills where ownStrategies.contains(fill.strategyId) {
            host.restore(fill)
            counters.restoredFills += 1
        }
        fills.seedApplied(recovery.appliedFillIds.ids)
        orderEvents.seedApplied(recovery.appliedEventIds.ids)
        try fills.start()
        try orderEvents.start()
        warmUp(host.strategies.map(\.id))
        // Fills and events of the downtime first: an order they closed is not one left open. Bounded,
        // so a busy stream of other hosts' fills cannot hold the start back.
        let catchUp: (EventEnvelope) -> Void = { envelope in
            if Self.strategyId(of: envelope).map(self.ownStrategies.contains) == true { recovery.add(envelope) }
        }
        for _ in 0..<Self.startCatchUpRounds {
            let applied =
                try fills.process { envelope in
                    try applyFill(envelope)
                    catchUp(envelope)
                }
                + orderEvents.process { envelope in
                    try applyOrderEvent(envelope)
                    catchUp(envelope)
                }
            if applied == 0 { break }
        }
        let stale = recovery.openOrders
        try send(
            stale.map {
                .cancel(
                    StrategyCancel(
                        strategyId: $0.strategyId, clientOrderId: $0.clientOrderId, symbol: $0.symbol,
                        reason: "strategy host restarted; order no longer tracked"))
            })
        counters.restartCancels = stale.count
        try subscribeBars()
        log(
            "strategy host: \(host.strategies.count) strategies (\(host.strategies.map(\.id).joined(separator: ", "))); "
                + "\(counters.restoredFills) fills restored, \(counters.fillsIn) applied since, \(stale.count) stale orders "
                + "canceled, order ids from \(recovery.firstOrderSequence); bars md.bar.\(settings.barInterval.rawValue).*"
        )
        publishListing()
    }

    /// How many rounds of fills and order events a start applies at most before it declares orders stale.
    static let startCatchUpRounds = 64

    // MARK: - Loop

    /// Runs until `shouldStop` says so, taking reload requests between events; then closes the
    /// journal and beats a last `down`. A journal failure ends the run (it is thrown).
    func run(reloadRequested: () -> Bool, shouldStop: () -> Bool) throws {
        heartbeat(status: .ok)
        var nextHeartbeat = clock.monotonicNanoseconds() + 1_000_000_000
        var busFailures = 0
        var nextPoll: UInt64 = 0
        while !shouldStop() {
            if reloadRequested() { try reload() }
            if clock.monotonicNanoseconds() >= nextPoll {
                var handled = 0
                do {
                    handled = try step()
                    busFailures = 0
                } catch let error as BusError {
                    // The bus reconnects by itself; beat degraded meanwhile and back off a little.
                    busFailures += 1
                    if busFailures == 1 { log("strategy host: bus: \(error)") }
                    usleep(UInt32(min(busFailures, 50)) * 10_000)
                }
                // Polled again at once while there was work, else after the wait. Not right after a
                // bar either: its fill is not there yet, and a read then only competes for Redis and
                // the CPUs with the risk engine and the paper trader carrying the bar's intent on.
                nextPoll = handled > 0 ? 0 : clock.monotonicNanoseconds() + Self.pollIntervalNanoseconds
            }
            // After the turn's intents went out: the group commit's fdatasync never delays one.
            try journal.syncIfDue()
            if clock.monotonicNanoseconds() >= nextHeartbeat {
                heartbeat(status: busFailures > 0 ? .degraded : .ok)
                publishListing()
                nextHeartbeat = clock.monotonicNanoseconds() + 1_000_000_000
            }
            let now = clock.monotonicNanoseconds()
            let wait = nextPoll > now ? Int((nextPoll - now + 999_999) / 1_000_000) : 0
            if let message = bars?.next(timeoutMilliseconds: wait) {
                try handleBar(message)
                try journal.syncIfDue()
            }
        }
        bars?.close()
        _ = try journal.close()
        heartbeat(status: .down)
    }

    /// How often fills and order events are read while bars keep the loop busy (and how long it
    /// waits for a bar otherwise).
    static let pollIntervalNanoseconds: UInt64 = 5_000_000

    /// One turn: the bars queued, then fills and order events (no waiting); returns how many were handled.
    private func step() throws -> Int {
        var handled = 0
        for message in bars?.drain() ?? [] {
            try handleBar(message)
            handled += 1
        }
        handled += try fills.process { try applyFill($0) }
        handled += try orderEvents.process { try applyOrderEvent($0) }
        if producer.unconfirmedCount > 0 { producer.retryUnconfirmed() }
        return handled
    }

    private func handleBar(_ message: BusMessage) throws {
        guard let envelope = barDecoder.decode(message) else { return }
        guard case .bar(let bar) = envelope.payload, bar.interval == settings.barInterval else {
            counters.wrongType += 1
            return
        }
        counters.barsIn += 1
        try send(host.onBar(bar))
    }

    private func applyFill(_ envelope: EventEnvelope) throws {
        guard case .fill(let fill) = envelope.payload else {
            try rejectWrongType(envelope, origin: Topics.fills, expected: EventType.fill)
            return
        }
        guard ownStrategies.contains(fill.strategyId) else { return }
        // Journaled first: a restart folds exactly the fills applied, whatever the stream still holds.
        try journal.append(envelope.encoded())
        counters.fillsIn += 1
        try send(host.onFill(fill, time: envelope.eventTime))
        publishListing()
    }

    private func applyOrderEvent(_ envelope: EventEnvelope) throws {
        guard case .orderEvent(let event) = envelope.payload else {
            try rejectWrongType(envelope, origin: Topics.orderEvents, expected: EventType.orderEvent)
            return
        }
        guard ownStrategies.contains(event.strategyId) else { return }
        try journal.append(envelope.encoded())
        counters.orderEventsIn += 1
        host.onOrderUpdate(event)
    }

    /// The strategy a fill or order event belongs to; nil for anything else.
    static func strategyId(of envelope: EventEnvelope) -> String? {
        switch envelope.payload {
        case .fill(let fill): fill.strategyId
        case .orderEvent(let event): event.strategyId
        default: nil
        }
    }

    /// An event of another type on a stream of one type: dead-lettered like garbage, and acknowledged.
    private func rejectWrongType(_ envelope: EventEnvelope, origin: String, expected: EventType) throws {
        counters.wrongType += 1
        try deadLetters.reject(
            envelope.encoded(), origin: origin,
            error: .ruleViolated(
                path: "type", reason: "\(origin) carries \(expected.rawValue), got \(envelope.type.rawValue)"))
    }

    // MARK: - Reload

    /// Re-reads the strategies and swaps them in; a configuration that does not load or build is
    /// logged and counted, and the running set stays exactly as it was.
    private func reload() throws {
        let outcome: StrategyReload
        do {
            let specs = try loadSpecs()
            outcome = try host.reload(to: specs)
        } catch {
            counters.reloadFailures += 1
            log("strategy host: reload refused, the running strategies are unchanged: \(error)")
            return
        }
        counters.reloads += 1
        ownStrategies.formUnion(host.strategies.map(\.id))
        try send(outcome.actions)
        warmUp(outcome.needsWarmUp)
        try? subscribeBars()
        let changes = outcome.changes.compactMap { change -> String? in
            switch change {
            case .added(let id): "+\(id)"
            case .removed(let id): "-\(id)"
            case .reparameterized(let id): "~\(id)"
            case .unchanged: nil
            }
        }
        log(
            "strategy host: reload \(counters.reloads): "
                + (changes.isEmpty ? "no change" : changes.joined(separator: " "))
                + "; \(outcome.actions.count) cancels; \(host.unmanagedPositions.count) unmanaged positions")
        publishListing()
    }

    /// Feeds each strategy the store's recent bars of its symbol; without any it starts cold.
    private func warmUp(_ ids: [String]) {
        for id in ids {
            guard let symbol = host.strategy(id: id)?.spec.symbol else { continue }
            var recent: [StrategyBar] = []
            do {
                recent = try warmUpBars?.bars(symbol: symbol) ?? []
            } catch {
                log("strategy host: \(id): the store's bars of \(symbol) do not read: \(error)")
            }
            guard !recent.isEmpty, (try? host.warmUp(id: id, bars: recent)) != nil else {
                counters.coldStarts += 1
                log(
                    "strategy host: \(id): no \(settings.barInterval.rawValue) bars of \(symbol) in the store; starts cold"
                )
                continue
            }
            counters.warmedUp += 1
            log("strategy host: \(id): warmed up on \(recent.count) bars of \(symbol)")
        }
    }

    /// Subscribes to the bars of the running strategies' symbols (again, when they changed).
    private func subscribeBars() throws {
        let symbols = Set(host.strategies.map(\.spec.symbol)).sorted()
        guard symbols != barSymbols || bars == nil else { return }
        let subscription = try bus.subscribe(symbols.map { .topic(Topics.bars(settings.barInterval, $0)) })
        bars?.close()
        bars = subscription
        barSymbols = symbols
    }

    // MARK: - Output

    /// Journals and appends each action as an envelope, in order.
    private func send(_ actions: [StrategyAction]) throws {
        for action in actions {
            let payload: EventPayload
            switch action {
            case .submit(let intent):
                payload = .orderIntent(intent)
                counters.intentsOut += 1
            case .cancel(let cancel):
                payload = .orderCancel(
                    OrderCancel(
                        strategyId: cancel.strategyId, clientOrderId: cancel.clientOrderId, symbol: cancel.symbol,
                        reason: cancel.reason))
                counters.cancelsOut += 1
            }
            eventSequence += 1
            let now = clock.now()
            try producer.send(
                EventEnvelope(
                    id: "\(Self.service)-\(runId)-\(eventSequence)", source: Self.service, sequence: eventSequence,
                    eventTime: now, receiveTime: now, payload: payload))
        }
    }

    private func publishListing() {
        let listing = StrategyListing(
            host: host, pid: Int64(getpid()), at: clock.now(), reloads: counters.reloads)
        do { try bus.setValue(listing.encoded(), forKey: StrategyListing.key) } catch { counters.publishFailures += 1 }
    }

    private func heartbeat(status: ServiceStatus) {
        let malformed =
            counters.wrongType + fills.counters.deadLettered + orderEvents.counters.deadLettered
            + barDecoder.counters.deadLettered
        var values: [String: Int64] = [
            "bars_in": Int64(counters.barsIn), "intents_out": Int64(counters.intentsOut),
            "cancels_out": Int64(counters.cancelsOut), "fills_in": Int64(counters.fillsIn),
            "order_events_in": Int64(counters.orderEventsIn), "strategies": Int64(host.strategies.count),
            "unmanaged": Int64(host.unmanagedPositions.count), "malformed": Int64(malformed),
            "reloads": Int64(counters.reloads), "reload_failures": Int64(counters.reloadFailures),
            "restored_fills": Int64(counters.restoredFills), "restart_cancels": Int64(counters.restartCancels),
            "warmed_up": Int64(counters.warmedUp), "cold_starts": Int64(counters.coldStarts),
            "bar_gaps": Int64(barDecoder.counters.gaps), "dropped_inputs": Int64(host.droppedInputs),
            "unconfirmed_intents": Int64(producer.unconfirmedCount),
            "publish_failures": Int64(counters.publishFailures),
        ]
        values.merge(bus.status.heartbeatCounters) { mine, _ in mine }
        heartbeatSequence += 1
        let beat = Heartbeat(
            service: Self.service, host: ProcessInfo.processInfo.hostName, pid: Int64(getpid()), startedAt: startedAt,
            status: status, counters: values)
        counters.publishFailures += ServiceHeartbeatKey.send(
            beat, sequence: heartbeatSequence, at: clock.now(), bus: bus)
    }
}
