public import NjordCore

/// Runs a set of strategies on market events, with no I/O: a value-type state machine that the
/// strategy-host daemon feeds (bars, fills, order events, timers, reloads) and whose returned
/// ``StrategyAction``s it publishes — intents to the risk engine, cancels to the venue side.
///
/// Determinism: strategies of a symbol are called in id order; the host names each order
/// `<strategyId>-<sequence>` with a per-id sequence that starts at `firstSequence` and never
/// restarts in the host's life (not across reloads either), so the same inputs always give the
/// same actions. A daemon restarting should pass a `firstSequence` above every id it issued
/// before (e.g. from its journal).
///
/// Bookkeeping: a strategy's position and cash are the fold of its fills (cash is the net quote
/// flow — fees are left to the portfolio, which knows the fee asset); an order is open from its
/// submission until it is rejected, canceled, expired or completely filled.
public struct StrategyHost: Sendable {
    public let registry: StrategyRegistry
    /// Instrument filters by symbol; a symbol without an entry trades ``InstrumentFilters/unrestricted``.
    public let filters: [String: InstrumentFilters]
    /// The running strategies, sorted by id.
    public private(set) var strategies: [RunningStrategy] = []
    /// Inputs that could not be used: an order the contract rejected, a fill whose notional
    /// overflows, a cancel of an unknown order. Each is dropped, never fatal.
    public private(set) var droppedInputs = 0
    private let firstSequence: UInt64
    private var nextSequence: [String: UInt64] = [:]
    private var indexById: [String: Int] = [:]
    private var indicesBySymbol: [String: [Int]] = [:]
    private var unmanaged: [UnmanagedKey: Fixed] = [:]

    private struct UnmanagedKey: Hashable, Comparable {
        var strategyId: String
        var symbol: String

        static func < (a: UnmanagedKey, b: UnmanagedKey) -> Bool {
            (a.strategyId, a.symbol) < (b.strategyId, b.symbol)
        }
    }

    /// A host running `specs`; throws when an id repeats or a strategy cannot be built.
    public init(
        specs: [StrategySpec] = [], registry: StrategyRegistry = .standard, filters: [String: InstrumentFilters] = [:],
        firstSequence: UInt64 = 1
    ) throws(StrategyError) {
        self.registry = registry
        self.filters = filters
        self.firstSequence = firstSequence
        _ = try reload(to: specs)
    }

    /// The running strategy with this id.
    public func strategy(id: String) -> RunningStrategy? {
        indexById[id].map { strategies[$0] }
    }

    /// Positions of removed strategies (and of strategies moved to another symbol), sorted by
    /// strategy id and symbol; zero positions are left out.
    public var unmanagedPositions: [UnmanagedPosition] {
        unmanaged.filter { !$0.value.isZero }.sorted { $0.key < $1.key }.map {
            UnmanagedPosition(strategyId: $0.key.strategyId, symbol: $0.key.symbol, quantity: $0.value)
        }
    }

    // MARK: - Events

    /// A closed bar of `bar.symbol` for every strategy on it.
    public mutating func onBar(_ bar: Bar) -> [StrategyAction] {
        onBar(
            symbol: bar.symbol,
            bar: StrategyBar(
                time: bar.openTime, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume))
    }

    /// A closed bar for the strategies trading `symbol`, called in id order.
    public mutating func onBar(symbol: String, bar: StrategyBar) -> [StrategyAction] {
        guard let indices = indicesBySymbol[symbol] else { return [] }
        var actions: [StrategyAction] = []
        for i in indices {
            strategies[i].onBar(bar)
            drain(i, into: &actions)
        }
        return actions
    }

    /// A timer tick for every strategy, in id order.
    public mutating func onTimer(time: Timestamp) -> [StrategyAction] {
        var actions: [StrategyAction] = []
        for i in strategies.indices {
            strategies[i].onTimer(time)
            drain(i, into: &actions)
        }
        return actions
    }

    /// An execution of one of the host's orders at `time`: updates the owner's position, cash and
    /// open orders, then calls its `onFill`. A fill of a strategy that is gone (or moved to another
    /// symbol) updates the unmanaged position instead.
    public mutating func onFill(_ fill: Fill, time: Timestamp) -> [StrategyAction] {
        guard let i = fold(fill) else { return [] }
        if let k = strategies[i].context.openOrders.firstIndex(where: { $0.clientOrderId == fill.clientOrderId }) {
            var order = strategies[i].context.openOrders[k]
            var done = true
            if case .quantity(let left) = order.remaining, left > fill.qty {
                order.remaining = .quantity(left - fill.qty)
                done = false
            }
            if done {
                strategies[i].context.openOrders.remove(at: k)
            } else {
                strategies[i].context.openOrders[k] = order
            }
        }
        strategies[i].onFill(
            StrategyFill(time: time, side: fill.side, price: fill.price, quantity: fill.qty, fee: fill.fee))
        var actions: [StrategyAction] = []
        drain(i, into: &actions)
        return actions
    }

    /// A fill from before a restart, folded into its owner's position and cash (or the unmanaged
    /// position) exactly as ``onFill(_:time:)`` does, without calling the strategy or touching open
    /// orders: a restarting daemon rebuilds positions from the fills it reads back, then goes live.
    public mutating func restore(_ fill: Fill) {
        _ = fold(fill)
    }

    /// A change of an order's state at the venue: `accepted` and `partially_filled` mark it
    /// accepted; `filled`, `rejected`, `canceled` and `expired` close it. Events for unknown orders
    /// are ignored (a late echo of a closed order).
    public mutating func onOrderUpdate(_ event: OrderEvent) {
        guard let i = indexById[event.strategyId],
            let k = strategies[i].context.openOrders.firstIndex(where: { $0.clientOrderId == event.clientOrderId })
        else { return }
        switch event.status {
        case .accepted, .partiallyFilled: strategies[i].context.openOrders[k].accepted = true
        case .filled, .rejected, .canceled, .expired: strategies[i].context.openOrders.remove(at: k)
        }
    }

    // MARK: - Reload and warm-up

    /// Makes `specs` the running set, touching only what changed: new ids are built, missing ids
    /// removed (open orders canceled, position kept as unmanaged), changed specs rebuilt (open
    /// orders canceled, position carried when the symbol is the same), equal specs left exactly
    /// as they are. Atomic: when a spec cannot be built or an id repeats, it throws and nothing
    /// changes.
    public mutating func reload(to specs: [StrategySpec]) throws(StrategyError) -> StrategyReload {
        let sorted = specs.sorted { $0.id < $1.id }
        var built: [String: any Strategy] = [:]
        for (n, spec) in sorted.enumerated() {
            if n > 0, sorted[n - 1].id == spec.id { throw .duplicateId(spec.id) }
            if strategy(id: spec.id)?.spec == spec { continue }
            built[spec.id] = try registry.make(kind: spec.kind, parameters: spec.parameters)
        }

        var changes: [StrategyChange] = []
        var actions: [StrategyAction] = []
        let wanted = Set(sorted.map(\.id))
        for old in strategies where !wanted.contains(old.id) {
            retire(old, reason: "strategy removed", into: &actions)
            changes.append(.removed(old.id))
        }
        var next: [RunningStrategy] = []
        next.reserveCapacity(sorted.count)
        for spec in sorted {
            guard let instance = built[spec.id] else {
                if let old = strategy(id: spec.id) { next.append(old) }
                changes.append(.unchanged(spec.id))
                continue
            }
            var context = StrategyContext(
                position: .zero, cash: .zero, filters: filters[spec.symbol] ?? .unrestricted,
                time: Timestamp(nanosecondsSinceEpoch: 0))
            if let old = strategy(id: spec.id) {
                if old.spec.symbol == spec.symbol {
                    cancelOpenOrders(of: old, reason: "strategy reparameterized", into: &actions)
                    context.position = old.context.position
                    context.cash = old.context.cash
                    context.time = old.context.time
                } else {
                    retire(old, reason: "strategy moved to another symbol", into: &actions)
                }
                changes.append(.reparameterized(spec.id))
            } else {
                changes.append(.added(spec.id))
            }
            next.append(RunningStrategy(spec: spec, strategy: instance, context: context))
        }
        strategies = next
        indexById = [:]
        indicesBySymbol = [:]
        for (i, running) in strategies.enumerated() {
            indexById[running.id] = i
            indicesBySymbol[running.spec.symbol, default: []].append(i)
        }
        changes.sort { $0.id < $1.id }
        return StrategyReload(changes: changes, actions: actions)
    }

    /// Feeds recent bars (oldest first) to a strategy so its indicators are where they would be
    /// had it seen them live; whatever it submits or cancels meanwhile is discarded.
    public mutating func warmUp(id: String, bars: [StrategyBar]) throws(StrategyError) {
        guard let i = indexById[id] else { throw .unknownId(id) }
        for bar in bars {
            strategies[i].onBar(bar)
            strategies[i].context.orders.removeAll(keepingCapacity: true)
            strategies[i].context.cancels.removeAll()
        }
    }

    // MARK: - Internals

    /// Turns what strategy `i` queued into actions: cancels first, then named intents, which
    /// become open orders.
    private mutating func drain(_ i: Int, into actions: inout [StrategyAction]) {
        let spec = strategies[i].spec
        if !strategies[i].context.cancels.isEmpty {
            for request in strategies[i].context.cancels {
                guard
                    let k = strategies[i].context.openOrders.firstIndex(where: {
                        $0.clientOrderId == request.clientOrderId
                    })
                else {
                    droppedInputs += 1
                    continue
                }
                guard !strategies[i].context.openOrders[k].cancelRequested else { continue }
                strategies[i].context.openOrders[k].cancelRequested = true
                actions.append(
                    .cancel(
                        StrategyCancel(
                            strategyId: spec.id, clientOrderId: request.clientOrderId, symbol: spec.symbol,
                            reason: request.reason)))
            }
            strategies[i].context.cancels.removeAll()
        }
        guard !strategies[i].context.orders.isEmpty else { return }
        for order in strategies[i].context.orders {
            let sequence = nextSequence[spec.id] ?? firstSequence
            nextSequence[spec.id] = sequence + 1
            let clientOrderId = "\(spec.id)-\(sequence)"
            do {
                let intent = try order.intent(strategyId: spec.id, clientOrderId: clientOrderId, symbol: spec.symbol)
                actions.append(.submit(intent))
                strategies[i].context.openOrders.append(
                    StrategyOpenOrder(
                        clientOrderId: clientOrderId, side: order.side, type: order.type, remaining: order.size))
            } catch {
                droppedInputs += 1
            }
        }
        strategies[i].context.orders.removeAll(keepingCapacity: true)
    }

    /// Adds a fill to the owner's position and cash; returns the owner's index, nil when the fill
    /// went to an unmanaged position or was dropped.
    private mutating func fold(_ fill: Fill) -> Int? {
        let signed = fill.side == .buy ? fill.qty : -fill.qty
        guard let i = indexById[fill.strategyId], strategies[i].spec.symbol == fill.symbol else {
            unmanaged[UnmanagedKey(strategyId: fill.strategyId, symbol: fill.symbol), default: .zero] += signed
            return nil
        }
        guard let notional = try? fill.price.multiplied(by: fill.qty, rounding: .toNearestOrEven) else {
            droppedInputs += 1
            return nil
        }
        strategies[i].context.position += signed
        strategies[i].context.cash += fill.side == .buy ? -notional : notional
        return i
    }

    private func cancelOpenOrders(of running: RunningStrategy, reason: String, into actions: inout [StrategyAction]) {
        for order in running.context.openOrders where !order.cancelRequested {
            actions.append(
                .cancel(
                    StrategyCancel(
                        strategyId: running.id, clientOrderId: order.clientOrderId, symbol: running.spec.symbol,
                        reason: reason)))
        }
    }

    /// Cancels a strategy's open orders and hands its position over to the unmanaged list.
    private mutating func retire(_ running: RunningStrategy, reason: String, into actions: inout [StrategyAction]) {
        cancelOpenOrders(of: running, reason: reason, into: &actions)
        unmanaged[UnmanagedKey(strategyId: running.id, symbol: running.spec.symbol), default: .zero] +=
            running.context.position
    }
}
