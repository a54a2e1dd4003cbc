import NjordCore
import NjordExecution

/// The paper trader's state machine, without I/O: one ``PaperMatchingEngine`` per symbol, the
/// ``PositionLedger`` of every fill, the set of intents that already have an outcome, and the kill
/// switch as last seen. Each input returns a ``PaperStep``: envelopes for the host to journal and
/// send, in order, and the intents that reached a terminal state.
///
/// Exactly once: an intent that has any order event (from this run or the journal) is handled; a
/// decision for a handled intent is a duplicate and does nothing. Handled means open (an event, no
/// terminal one yet: every resting order, however old) or among the newest finished ones (the
/// journal recovery's `handledWindow`, 100,000 by default), so memory follows what is open, not
/// how long the trader has run. A decision redelivered after that many newer orders finished would
/// execute again: the horizon every consumer's idempotency window has.
struct PaperTrader {
    /// What one input produced.
    struct Step {
        /// Order events and fills, in order, as envelopes.
        var orderFlow: [EventEnvelope] = []
        /// Intents whose order is done (its intent entry may be acknowledged).
        var finishedIntents: [String] = []
        /// Whether a fill happened (snapshots are due).
        var filled = false

        mutating func append(_ other: Step) {
            orderFlow += other.orderFlow
            finishedIntents += other.finishedIntents
            filled = filled || other.filled
        }
    }

    struct Counters {
        var decisionsIn = 0
        var duplicates = 0
        var fillsOut = 0
        var rejected = 0
        var cancelsIn = 0
        var restored = 0
    }

    let settings: PaperTraderSettings
    private(set) var engines: [String: PaperMatchingEngine] = [:]
    private(set) var ledger: PositionLedger
    /// Intents with an event and no terminal one yet.
    private(set) var unfinishedIntents: Set<String>
    /// The newest intents whose order reached a terminal event.
    private var finishedIntents: EventIdWindow
    private(set) var killSwitchTripped = false
    private(set) var counters = Counters()
    private var sequence: UInt64
    /// Each scope's equity at the last UTC midnight, for `pnl_today`.
    private(set) var dayOpen: DayOpenEquity

    /// Starts from the journal: the ledger is the fold of its fills, its orders are handled.
    init(settings: PaperTraderSettings, recovery: PaperJournalRecovery) {
        self.settings = settings
        ledger = recovery.ledger
        unfinishedIntents = Set(recovery.unfinishedOrders.keys)
        finishedIntents = recovery.finishedIntents
        sequence = UInt64(recovery.records)
        dayOpen = recovery.dayOpen
    }

    /// The quote asset of a symbol, for fees (`BTCUSDT` → `USDT`); unknown suffixes give `USDT`.
    static func quoteAsset(of symbol: String) -> String {
        for quote in ["USDT", "USDC", "FDUSD", "BUSD", "TUSD", "USD", "EUR", "BTC", "ETH", "BNB"]
        where symbol.hasSuffix(quote) && symbol.count > quote.count {
            return quote
        }
        return "USDT"
    }

    private mutating func engine(_ symbol: String) -> PaperMatchingEngine {
        if let engine = engines[symbol] { return engine }
        let engine = PaperMatchingEngine(
            symbol: symbol, quoteAsset: Self.quoteAsset(of: symbol), fees: settings.fees, options: settings.options)
        engines[symbol] = engine
        return engine
    }

    private mutating func withEngine(_ symbol: String, _ body: (inout PaperMatchingEngine) -> [ExecutionAction])
        -> [ExecutionAction]
    {
        var engine = engine(symbol)
        let actions = body(&engine)
        engines[symbol] = engine
        return actions
    }

    /// Whether `intentId` has an outcome (never executed again): open, or among the newest finished.
    func handled(_ intentId: String) -> Bool {
        unfinishedIntents.contains(intentId) || finishedIntents.contains(intentId)
    }

    /// How many intents are remembered as handled (the finished ones up to the window).
    var rememberedIntents: Int { unfinishedIntents.count + finishedIntents.count }

    var restingOrders: Int { engines.values.reduce(0) { $0 + $1.orders.count } }
    var openPositions: Int { ledger.positions.values.filter { !$0.quantity.isZero }.count }

    // MARK: - Restart

    /// Re-creates the orders the journal shows open (accepted, no terminal event), from their intents
    /// still pending on `orders:intents` (`pending`, by intent id). A GTC limit rests again with its
    /// fills so far; an order that cannot rest (market, IOC, FOK: its outcome was cut short) is
    /// `expired`; an order whose intent is gone is `canceled`: either way it gets one terminal event.
    mutating func restore(
        _ open: [(intentId: String, order: PaperJournalRecovery.RecoveredOrder)], pending: [String: OrderIntent],
        at time: Timestamp
    ) -> Step {
        var step = Step()
        for (intentId, order) in open {
            let event: OrderEvent
            if let intent = pending[intentId] {
                var engine = engine(intent.symbol)
                let restored = engine.restoreResting(
                    intent, intentId: intentId, filled: order.filled, fillCount: order.fillCount, acceptedAt: time)
                engines[intent.symbol] = engine
                if restored {
                    counters.restored += 1
                    continue
                }
                event = OrderEvent(
                    strategyId: order.strategyId, clientOrderId: order.clientOrderId, symbol: order.symbol,
                    status: .expired, venueOrderId: intentId,
                    reason: "restart: the order could not rest and its outcome was not journaled")
            } else {
                event = OrderEvent(
                    strategyId: order.strategyId, clientOrderId: order.clientOrderId, symbol: order.symbol,
                    status: .canceled, venueOrderId: intentId,
                    reason: "restart: the intent is no longer pending, the resting order cannot be restored")
            }
            step.append(envelopes(for: [.orderEvent(event, at: time)], intentId: intentId))
        }
        return step
    }

    // MARK: - Orders

    /// A risk decision on `intent`: approved → the symbol's engine takes it (unless the kill switch
    /// is tripped: rejected, `kill_switch`); denied → a `rejected` order event naming the failed rules.
    mutating func decide(_ decision: RiskDecision, intentId: String, intent: OrderIntent, at time: Timestamp)
        -> Step
    {
        counters.decisionsIn += 1
        guard !handled(intentId) else {
            counters.duplicates += 1
            return Step()
        }
        let actions: [ExecutionAction]
        if !decision.approved {
            let rules = decision.failedRules.map { "\($0.rule): \($0.detail)" }.joined(separator: "; ")
            actions = [.orderEvent(rejection(intent, reason: "risk denied: \(rules)"), at: time)]
        } else if killSwitchTripped {
            actions = [.orderEvent(rejection(intent, reason: "kill_switch: tripped"), at: time)]
        } else {
            actions = withEngine(intent.symbol) { $0.submit(intent, intentId: intentId, at: time) }
        }
        return envelopes(for: actions, intentId: intentId)
    }

    /// A decision for an intent that is handled already (a redelivery): counted, nothing else.
    mutating func countDuplicate() {
        counters.decisionsIn += 1
        counters.duplicates += 1
    }

    /// An `order.cancel` forwarded by the risk engine.
    mutating func cancel(_ request: OrderCancel, at time: Timestamp) -> Step {
        counters.cancelsIn += 1
        guard engines[request.symbol] != nil else { return Step() }
        return envelopes(for: withEngine(request.symbol) { $0.cancel(request, at: time) }, intentId: nil)
    }

    /// The kill switch as last read: a trip cancels every resting and in-flight order and refuses
    /// approvals until a reset.
    mutating func killSwitch(_ state: KillSwitchState, at time: Timestamp) -> Step {
        defer { killSwitchTripped = state.tripped }
        guard state.tripped, !killSwitchTripped else { return Step() }
        let reason = "kill_switch: \(state.reason ?? "tripped")"
        var step = Step()
        for symbol in engines.keys.sorted() {
            step.append(envelopes(for: withEngine(symbol) { $0.cancelAll(reason: reason, at: time) }, intentId: nil))
        }
        return step
    }

    private func rejection(_ intent: OrderIntent, reason: String) -> OrderEvent {
        OrderEvent(
            strategyId: intent.strategyId, clientOrderId: intent.clientOrderId, symbol: intent.symbol,
            status: .rejected, venueOrderId: nil, reason: reason)
    }

    // MARK: - Market data

    mutating func onBook(_ book: BookSnapshot, at time: Timestamp) -> Step {
        if let bid = book.bids.first?.price, let ask = book.asks.first?.price,
            let mid = try? (bid + ask).divided(by: 2, rounding: .toNearestOrEven)
        {
            ledger.mark(book.symbol, price: mid)
        }
        return envelopes(for: withEngine(book.symbol) { $0.onBook(book, at: time) }, intentId: nil)
    }

    /// The best bid and ask mark the symbol (mid, half-even); they fill nothing.
    mutating func onTopOfBook(_ top: TopOfBook) {
        if let mid = try? (top.bid + top.ask).divided(by: 2, rounding: .toNearestOrEven) {
            ledger.mark(top.symbol, price: mid)
        }
    }

    mutating func onTrade(_ trade: Trade, at time: Timestamp) -> Step {
        ledger.mark(trade.symbol, price: trade.price)
        guard engines[trade.symbol]?.orders.isEmpty == false else { return Step() }
        return envelopes(for: withEngine(trade.symbol) { $0.onTrade(trade, at: time) }, intentId: nil)
    }

    // MARK: - Envelopes

    private mutating func nextSequence() -> UInt64 {
        sequence += 1
        return sequence
    }

    /// Envelopes for the engine's actions (fills applied to the ledger); `intentId` names the
    /// intent of events the engine gives no venue id (rejections before it took the order).
    private mutating func envelopes(for actions: [ExecutionAction], intentId: String?) -> Step {
        var step = Step()
        var lastFillId: String?
        for action in actions {
            let id: String
            switch action {
            case .fill(let fill, _):
                // A notional beyond 10³⁰ cannot come from a real book; the fill still travels.
                try? ledger.apply(fill)
                counters.fillsOut += 1
                step.filled = true
                lastFillId = fill.fillId
                id = PaperEventIds.fill(fill)
            case .orderEvent(let event, _):
                guard let owner = event.venueOrderId ?? intentId else { continue }
                id = PaperEventIds.orderEvent(intentId: owner, status: event.status, lastFillId: lastFillId)
                if event.status == .rejected { counters.rejected += 1 }
                if event.status.isTerminal {
                    unfinishedIntents.remove(owner)
                    finishedIntents.insert(owner)
                    step.finishedIntents.append(owner)
                } else if !finishedIntents.contains(owner) {
                    unfinishedIntents.insert(owner)
                }
            }
            step.orderFlow.append(
                EventEnvelope(
                    id: id, source: PaperEventIds.source, sequence: nextSequence(), eventTime: action.time,
                    receiveTime: action.time, payload: action.payload))
        }
        return step
    }

    /// Position snapshots of every position and PnL snapshots of every strategy and the portfolio.
    /// A strategy's cash is its net cash flow (it starts at zero); the portfolio's starts at the
    /// configured `starting_cash`.
    mutating func snapshots(run: String, at time: Timestamp) -> [(topic: String, envelope: EventEnvelope)] {
        var out: [(String, EventEnvelope)] = []
        func add(_ topic: String, _ payload: EventPayload) {
            let seq = nextSequence()
            out.append(
                (
                    topic,
                    EventEnvelope(
                        id: PaperEventIds.snapshot(run: run, sequence: seq), source: PaperEventIds.source,
                        sequence: seq, eventTime: time, receiveTime: time, payload: payload)
                ))
        }
        guard let positions = try? ledger.snapshots() else { return [] }
        var strategies: [String] = []
        for snapshot in positions {
            add(Topics.positions(snapshot.strategyId), .positionSnapshot(snapshot))
            if strategies.last != snapshot.strategyId { strategies.append(snapshot.strategyId) }
        }
        for strategy in strategies {
            if var pnl = try? ledger.pnlSnapshot(scope: strategy, startingCash: .zero) {
                pnl.pnlToday = dayOpen.record(scope: strategy, equity: pnl.equity, at: time, startingEquity: .zero)
                add(Topics.pnl(strategy), .pnlSnapshot(pnl))
            }
        }
        if var pnl = try? ledger.pnlSnapshot(scope: PnlSnapshot.portfolioScope, startingCash: settings.startingCash) {
            pnl.pnlToday = dayOpen.record(
                scope: pnl.scope, equity: pnl.equity, at: time, startingEquity: settings.startingCash)
            add(Topics.pnl(PnlSnapshot.portfolioScope), .pnlSnapshot(pnl))
        }
        return out
    }
}
