import NjordCore
import NjordExecution
import NjordRisk
import NjordStrategies

/// The path every order of a backtest takes, shared by the bar and the tick engine and the same
/// code paper trading runs: a strategy's order is named (`<strategyId>-<n>`), becomes an
/// ``NjordCore/OrderIntent``, is decided by the ``NjordRisk/RiskEngine`` (denied: counted, never
/// sent), and fills — market orders of the next-open model at the next bar's open (``FillSizer``,
/// the peers' rule), everything else in the ``NjordExecution/PaperMatchingEngine``. The account
/// (cash, position) is the fold of the fills; resting orders hold what they may spend, so cash is
/// never overdrawn and a sell never exceeds the position (long-only spot).
struct BacktestKernel {
    let config: BacktestConfig
    let fees: FeeSchedule
    var risk: RiskEngine
    var matching: PaperMatchingEngine
    var cash: Fixed
    var position: Fixed = .zero
    /// Market orders of the next-open model waiting for the next bar's open.
    var atNextOpen: [(order: StrategyOrder, clientOrderId: String)] = []
    /// What resting orders hold back: quote for buys (quantity × limit + fee at the higher rate),
    /// base for sells.
    var reservedCash: Fixed = .zero
    var reservedBase: Fixed = .zero
    var reservations: [Reservation] = []
    var sequence = 0
    var fills: [BacktestFill] = []
    /// Orders that reached their final status, in that order; ``finishOrders()`` adds the ones
    /// still open. A streaming run takes them (and the fills) away chunk by chunk.
    var orders: [BacktestOrder] = []
    /// Sent orders not yet ended, in submission order (few at a time: searched linearly).
    var liveOrders: [BacktestOrder] = []
    /// Orders the fill model or the venue refused (nothing affordable, nothing to sell, rejected).
    var rejectedOrders = 0
    /// Orders the risk engine denied, and the first denial's rules.
    var riskDenied = 0
    var firstDenial: String?
    /// Market orders whose rest expired (book depth, IOC/FOK).
    var expiredOrders = 0
    /// Whether a running check reads positions or PnL (exposure caps, daily loss): only then do
    /// fills need to reach the risk engine's state.
    let riskFollowsFills: Bool
    private var scratchOrders: [StrategyOrder] = []
    private var scratchOpen: [(order: StrategyOrder, clientOrderId: String)] = []
    private var scratchCancels: [StrategyCancelRequest] = []

    struct Reservation {
        var clientOrderId: String
        var side: Side
        var limit: Fixed
        var remaining: Fixed
        var cash: Fixed
    }

    init(config: BacktestConfig) {
        self.config = config
        fees = config.feeSchedule
        cash = config.cash
        risk = RiskEngine(
            limits: config.risk, instruments: [config.symbol: config.filters], absentPositionsAreFlat: true)
        risk.apply(killSwitch: KillSwitchReading(state: config.killSwitch, source: "backtest"))
        matching = PaperMatchingEngine(
            symbol: config.symbol, quoteAsset: "QUOTE", filters: config.filters, fees: fees,
            options: config.fillOptions)
        riskFollowsFills =
            config.risk.isOn(.maxPositionNotional) || config.risk.isOn(.maxGrossNotional)
            || config.risk.isOn(.dailyLoss)
        scratchOrders.reserveCapacity(4)
        scratchOpen.reserveCapacity(4)
    }

    var freeCash: Fixed { cash - reservedCash }
    var freeBase: Fixed { position - reservedBase }

    /// Points the context at the account as it stands.
    @inline(__always)
    func update(_ context: inout StrategyContext, time: Timestamp) {
        context.position = position
        context.cash = freeCash
        context.time = time
    }

    // MARK: - Routing

    /// Routes what the strategy queued — cancels first, then orders — and what it queues in turn
    /// from the fills that follow, until nothing is left. `reference` is the last price (the risk
    /// engine's reference for market orders).
    mutating func drain<S: Strategy>(
        _ strategy: inout S, _ context: inout StrategyContext, barIndex: Int, time: Timestamp, reference: Fixed
    ) {
        while !context.cancels.isEmpty || !context.orders.isEmpty {
            swap(&scratchCancels, &context.cancels)
            for request in scratchCancels {
                cancel(request, strategy: &strategy, context: &context, barIndex: barIndex, time: time)
            }
            scratchCancels.removeAll(keepingCapacity: true)
            swap(&scratchOrders, &context.orders)
            risk.apply(marketPrice: .lastTrade(reference), symbol: config.symbol, at: time)
            if config.fillModel == .book {
                let actions = quoteSyntheticBook(at: reference, time: time)
                if !actions.isEmpty { apply(actions, strategy: &strategy, context: &context, barIndex: barIndex) }
            }
            for order in scratchOrders {
                submit(order, strategy: &strategy, context: &context, barIndex: barIndex, time: time)
            }
            scratchOrders.removeAll(keepingCapacity: true)
        }
    }

    private mutating func cancel<S: Strategy>(
        _ request: StrategyCancelRequest, strategy: inout S, context: inout StrategyContext, barIndex: Int,
        time: Timestamp
    ) {
        if let index = atNextOpen.firstIndex(where: { $0.clientOrderId == request.clientOrderId }) {
            atNextOpen.remove(at: index)
            end(request.clientOrderId, .canceled, at: time, reason: request.reason)
            return
        }
        let actions = matching.cancel(clientOrderId: request.clientOrderId, reason: request.reason, at: time)
        apply(actions, strategy: &strategy, context: &context, barIndex: barIndex)
    }

    private mutating func submit<S: Strategy>(
        _ original: StrategyOrder, strategy: inout S, context: inout StrategyContext, barIndex: Int, time: Timestamp
    ) {
        sequence += 1
        let clientOrderId = "\(config.strategyId)-\(sequence)"
        guard
            let intent = try? original.intent(
                strategyId: config.strategyId, clientOrderId: clientOrderId, symbol: config.symbol)
        else {
            rejectedOrders += 1
            return
        }
        let decision = risk.evaluate(intent, intentId: clientOrderId, at: time)
        var record = BacktestOrder(
            barIndex: barIndex, time: time, intent: intent, decision: decision, status: .submitted)
        guard decision.approved else {
            riskDenied += 1
            let rules = decision.failedRules.map { "\($0.rule): \($0.detail)" }.joined(separator: "; ")
            if firstDenial == nil { firstDenial = rules }
            record.status = .denied
            record.closedTime = time
            record.reason = rules
            orders.append(record)
            return
        }
        if original.type == .market, config.fillModel == .nextOpen {
            atNextOpen.append((original, clientOrderId))
            liveOrders.append(record)
            return
        }
        guard let routed = affordable(original, intent: intent) else {
            rejectedOrders += 1
            record.status = .rejected
            record.closedTime = time
            record.reason = Self.unaffordable
            orders.append(record)
            return
        }
        liveOrders.append(record)
        if let limit = routed.limitPrice, let quantity = routed.quantity {
            reserve(clientOrderId: clientOrderId, side: routed.side, limit: limit, quantity: quantity)
            context.openOrders.append(
                StrategyOpenOrder(
                    clientOrderId: clientOrderId, side: routed.side, type: original.type,
                    remaining: .quantity(quantity)))
        }
        let actions = matching.submit(routed, intentId: clientOrderId, at: time)
        apply(actions, strategy: &strategy, context: &context, barIndex: barIndex)
    }

    /// The intent as the account can pay for it, or nil: a quote-amount buy spends at most the free
    /// cash, a sell sells at most the free position, a limit buy must be covered at its limit with
    /// the higher fee rate (a limit that crosses on arrival pays the taker rate).
    private func affordable(_ order: StrategyOrder, intent: OrderIntent) -> OrderIntent? {
        let filters = config.filters
        var size = order.size
        switch (order.side, order.size) {
        case (.buy, .quoteAmount(let amount)):
            let budget = min(amount, freeCash)
            guard budget.isPositive else { return nil }
            size = .quoteAmount(budget)
        case (.buy, .quantity(let quantity)):
            let price = order.limitPrice ?? risk.state.prices[config.symbol]?.reference?.price ?? .zero
            guard let cost = try? Self.reserve(quantity: quantity, price: price, fees: fees), cost <= freeCash
            else { return nil }
        case (.sell, .quantity(let quantity)):
            let sellable = filters.roundQuantityDown(min(quantity, freeBase))
            guard sellable.isPositive else { return nil }
            size = .quantity(sellable)
        case (.sell, .quoteAmount):
            guard freeBase.isPositive else { return nil }
        }
        if size == order.size { return intent }
        var resized = order
        resized.size = size
        return try? resized.intent(
            strategyId: intent.strategyId, clientOrderId: intent.clientOrderId, symbol: intent.symbol)
    }

    /// Quote held for buying `quantity` at `price`: notional plus the fee at the higher rate, up.
    static func reserve(quantity: Fixed, price: Fixed, fees: FeeSchedule) throws(FixedPointError) -> Fixed {
        let notional = try quantity.multiplied(by: price, rounding: .up)
        return notional + (try notional.multiplied(by: max(fees.makerRate, fees.takerRate, .zero), rounding: .up))
    }

    private mutating func reserve(clientOrderId: String, side: Side, limit: Fixed, quantity: Fixed) {
        let held = side == .buy ? ((try? Self.reserve(quantity: quantity, price: limit, fees: fees)) ?? .zero) : .zero
        reservations.append(
            Reservation(clientOrderId: clientOrderId, side: side, limit: limit, remaining: quantity, cash: held))
        if side == .buy { reservedCash += held } else { reservedBase += quantity }
    }

    /// Lowers (or, with `done`, drops) an order's hold after a fill of `quantity`.
    private mutating func release(clientOrderId: String, filled quantity: Fixed, done: Bool) {
        guard let index = reservations.firstIndex(where: { $0.clientOrderId == clientOrderId }) else { return }
        var held = reservations[index]
        let left = done ? Fixed.zero : max(held.remaining - quantity, Fixed.zero)
        if held.side == .buy {
            let cashLeft =
                left.isZero ? Fixed.zero : ((try? Self.reserve(quantity: left, price: held.limit, fees: fees)) ?? .zero)
            reservedCash -= held.cash - cashLeft
            held.cash = cashLeft
        } else {
            reservedBase -= held.remaining - left
        }
        held.remaining = left
        if left.isZero { reservations.remove(at: index) } else { reservations[index] = held }
    }

    /// Without book data, the matching engine gets a one-level book at the last trade price on both
    /// sides, deep enough (10^12 base units) that a market order fills whole there (plus slippage).
    mutating func quoteSyntheticBook(at price: Fixed, time: Timestamp) -> [ExecutionAction] {
        let level = [PriceLevel(price: price, qty: Self.syntheticDepth)]
        return matching.onBook(bids: level, asks: level, at: time)
    }

    static let syntheticDepth = Fixed(1_000_000_000_000)

    // MARK: - Fills

    /// Books what the matching engine reports: fills move cash and position and reach the
    /// strategy (after its context is updated); orders that end leave its open orders.
    mutating func apply<S: Strategy>(
        _ actions: [ExecutionAction], strategy: inout S, context: inout StrategyContext, barIndex: Int
    ) {
        for action in actions {
            switch action {
            case .fill(let fill, let at):
                guard let notional = try? fill.qty.multiplied(by: fill.price, rounding: .toNearestOrEven) else {
                    continue
                }
                if fill.side == .buy {
                    cash -= notional + fill.fee
                    position += fill.qty
                } else {
                    cash += notional - fill.fee
                    position -= fill.qty
                }
                if riskFollowsFills { risk.apply(fill: fill, at: at) }
                if let index = liveOrders.firstIndex(where: { $0.clientOrderId == fill.clientOrderId }) {
                    liveOrders[index].filledQuantity += fill.qty
                }
                release(clientOrderId: fill.clientOrderId, filled: fill.qty, done: false)
                if let index = context.openOrders.firstIndex(where: { $0.clientOrderId == fill.clientOrderId }) {
                    if case .quantity(let left) = context.openOrders[index].remaining, left > fill.qty {
                        context.openOrders[index].remaining = .quantity(left - fill.qty)
                    } else {
                        context.openOrders.remove(at: index)
                    }
                }
                fills.append(
                    BacktestFill(
                        barIndex: barIndex, time: at, side: fill.side, price: fill.price, quantity: fill.qty,
                        notional: notional, fee: fill.fee, cashAfter: cash, positionAfter: position))
                update(&context, time: at)
                strategy.onFill(
                    StrategyFill(time: at, side: fill.side, price: fill.price, quantity: fill.qty, fee: fill.fee),
                    context: &context)
            case .orderEvent(let event, let at):
                switch event.status {
                case .filled, .canceled, .expired, .rejected:
                    if event.status == .rejected { rejectedOrders += 1 }
                    if event.status == .expired { expiredOrders += 1 }
                    end(event.clientOrderId, Self.ending(event.status), at: at, reason: event.reason)
                    release(clientOrderId: event.clientOrderId, filled: .zero, done: true)
                    context.openOrders.removeAll { $0.clientOrderId == event.clientOrderId }
                default:
                    break
                }
            }
        }
    }

    /// Fills the next-open market orders at `open` (slipped by the configured slippage), in
    /// submission order, and reports each to the strategy.
    mutating func fillAtOpen<S: Strategy>(
        open: Fixed, barIndex: Int, time: Timestamp, strategy: inout S, context: inout StrategyContext
    ) {
        swap(&scratchOpen, &atNextOpen)
        defer { scratchOpen.removeAll(keepingCapacity: true) }
        for entry in scratchOpen {
            guard let fill = fillMarket(entry.order, barIndex: barIndex, time: time, open: open) else {
                rejectedOrders += 1
                end(entry.clientOrderId, .rejected, at: time, reason: Self.unaffordable)
                continue
            }
            fills.append(fill)
            end(entry.clientOrderId, .filled, at: time, filled: fill.quantity)
            if riskFollowsFills {
                risk.apply(
                    fill: Fill(
                        fillId: "\(entry.clientOrderId)-f1", strategyId: config.strategyId,
                        clientOrderId: entry.clientOrderId, symbol: config.symbol, side: fill.side,
                        price: fill.price, qty: fill.quantity, fee: fill.fee, feeAsset: "QUOTE", liquidity: .taker),
                    at: time)
            }
            update(&context, time: time)
            strategy.onFill(
                StrategyFill(time: time, side: fill.side, price: fill.price, quantity: fill.quantity, fee: fill.fee),
                context: &context)
        }
    }

    /// Fills `order` whole at the open (after slippage), or returns nil when it cannot: cash is
    /// never overdrawn and a sell never exceeds the free position.
    private mutating func fillMarket(_ order: StrategyOrder, barIndex: Int, time: Timestamp, open: Fixed)
        -> BacktestFill?
    {
        let filters = config.filters
        let feeRate = fees.takerRate
        guard let price = try? config.fillOptions.slippage.worsen(open, side: order.side, filters: filters) else {
            return nil
        }
        switch order.side {
        case .buy:
            let quantity: Fixed
            switch order.size {
            case .quoteAmount(let amount):
                quantity = FillSizer.buyQuantity(
                    budget: min(amount, freeCash), price: price, feeRate: feeRate, filters: filters)
            case .quantity(let q):
                quantity = filters.roundQuantityDown(q)
            }
            guard quantity.isPositive, filters.violations(price: price, quantity: quantity, isMarket: true).isEmpty,
                let cost = try? FillSizer.buyCost(quantity: quantity, price: price, feeRate: feeRate),
                cost.total <= freeCash
            else { return nil }
            cash -= cost.total
            position += quantity
            return BacktestFill(
                barIndex: barIndex, time: time, side: .buy, price: price, quantity: quantity, notional: cost.notional,
                fee: cost.fee, cashAfter: cash, positionAfter: position)
        case .sell:
            var quantity: Fixed
            switch order.size {
            case .quantity(let q): quantity = q
            case .quoteAmount(let amount):
                quantity = (try? amount.divided(by: price, rounding: .towardZero)) ?? .zero
            }
            quantity = filters.roundQuantityDown(min(quantity, freeBase))
            guard quantity.isPositive,
                let proceeds = try? FillSizer.sellProceeds(quantity: quantity, price: price, feeRate: feeRate)
            else { return nil }
            cash += proceeds.net
            position -= quantity
            return BacktestFill(
                barIndex: barIndex, time: time, side: .sell, price: price, quantity: quantity,
                notional: proceeds.notional, fee: proceeds.fee, cashAfter: cash, positionAfter: position)
        }
    }

    /// Orders still waiting or resting when the data ends.
    var unfilled: Int { atNextOpen.count + matching.orders.count }

    // MARK: - Order records

    static let unaffordable = "the account cannot pay for it (cash, position or filters)"

    /// The record's status for a venue status that ends an order.
    static func ending(_ status: OrderStatus) -> BacktestOrder.Status {
        switch status {
        case .filled: .filled
        case .canceled: .canceled
        case .expired: .expired
        case .accepted, .partiallyFilled, .rejected: .rejected
        }
    }

    /// Moves a live order to the finished records with its final status.
    private mutating func end(
        _ clientOrderId: String, _ status: BacktestOrder.Status, at time: Timestamp, filled: Fixed = .zero,
        reason: String? = nil
    ) {
        guard let index = liveOrders.firstIndex(where: { $0.clientOrderId == clientOrderId }) else { return }
        var record = liveOrders.remove(at: index)
        record.filledQuantity += filled
        record.status = status
        record.closedTime = time
        record.reason = reason
        orders.append(record)
    }

    /// At the end of the data: the orders still open join the records, in submission order.
    mutating func finishOrders() {
        for var record in liveOrders {
            record.status = record.filledQuantity.isPositive ? .partiallyFilled : .submitted
            orders.append(record)
        }
        liveOrders.removeAll()
    }
}
