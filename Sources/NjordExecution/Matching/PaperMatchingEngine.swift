public import NjordCore

/// The simulated venue of one symbol: a value-type state machine that matches approved orders
/// against the L2 book and the trade tape it is fed, and returns what happened as
/// ``ExecutionAction``s (order events and fills) for its host to publish and journal.
///
/// It reads no clock: every call carries the venue time of the event. The paper-trader daemon
/// feeds it live `md.book`/`md.trade` events and approved intents; the backtester feeds it
/// replayed ones. Both get the same fills for the same inputs. The fill rules are listed in
/// docs/ARCHITECTURE.md ("Fill rules").
///
/// Event order: a market event (book, trade) at time t is applied before orders that arrive at t
/// (with latency, an order submitted at t − latency); orders that arrived before t are applied
/// before it.
public struct PaperMatchingEngine: Sendable {
    public let symbol: String
    /// The asset fees are charged in (`Fill.feeAsset`), e.g. `USDT`.
    public let quoteAsset: String
    public let filters: InstrumentFilters
    public let fees: FeeSchedule
    public let options: FillModelOptions
    /// The book as last given, minus the liquidity this engine's orders took since: best first.
    public internal(set) var bids: [PriceLevel] = []
    public internal(set) var asks: [PriceLevel] = []
    /// Orders held, in time priority: accepted resting orders and orders still in flight.
    public internal(set) var orders: [OpenOrder] = []

    public init(
        symbol: String, quoteAsset: String, filters: InstrumentFilters = .unrestricted, fees: FeeSchedule = .zero,
        options: FillModelOptions = .standard
    ) {
        self.symbol = symbol
        self.quoteAsset = quoteAsset
        self.filters = filters
        self.fees = fees
        self.options = options
    }

    /// The open order with this client order id, if any.
    public func order(clientOrderId: String) -> OpenOrder? {
        orders.first { $0.clientOrderId == clientOrderId }
    }

    // MARK: - Orders

    /// Takes an order the risk engine approved. Without latency it is accepted and matched at
    /// once; with latency it is held in flight and matched when it arrives. `intentId` is the
    /// intent's envelope id (the order's venue id in events).
    public mutating func submit(_ intent: OrderIntent, intentId: String, at time: Timestamp) -> [ExecutionAction] {
        var actions: [ExecutionAction] = []
        arrive(before: time, into: &actions)
        if let reason = rejection(of: intent) {
            actions.append(.orderEvent(event(intent, nil, .rejected, reason), at: time))
            return actions
        }
        let arrival = time.adding(nanoseconds: options.latencyNanoseconds)
        orders.append(OpenOrder(intent: intent, intentId: intentId, arrivesAt: arrival))
        arrive(through: time, into: &actions)
        return actions
    }

    /// Cancels one open or in-flight order; an order that is not open gives no action (it filled,
    /// expired or never existed: there is nothing left to cancel).
    public mutating func cancel(
        clientOrderId: String, reason: String = "canceled by request", at time: Timestamp
    ) -> [ExecutionAction] {
        var actions: [ExecutionAction] = []
        arrive(before: time, into: &actions)
        if let index = orders.firstIndex(where: { $0.clientOrderId == clientOrderId }) {
            let order = orders.remove(at: index)
            actions.append(.orderEvent(event(order.intent, order.intentId, .canceled, reason), at: time))
        }
        return actions
    }

    /// Cancels the order an `order.cancel` names, with its reason; a cancel for another symbol
    /// is not this engine's and gives no action.
    public mutating func cancel(_ request: OrderCancel, at time: Timestamp) -> [ExecutionAction] {
        guard request.symbol == symbol else { return [] }
        return cancel(clientOrderId: request.clientOrderId, reason: request.reason, at: time)
    }

    /// Cancels every resting and in-flight order (the kill switch), in time priority.
    public mutating func cancelAll(reason: String, at time: Timestamp) -> [ExecutionAction] {
        var actions: [ExecutionAction] = []
        arrive(before: time, into: &actions)
        for order in orders {
            actions.append(.orderEvent(event(order.intent, order.intentId, .canceled, reason), at: time))
        }
        orders.removeAll()
        return actions
    }

    // MARK: - Market data

    /// Replaces the book (levels best first, as `md.book` carries them).
    public mutating func onBook(bids: [PriceLevel], asks: [PriceLevel], at time: Timestamp) -> [ExecutionAction] {
        var actions: [ExecutionAction] = []
        arrive(before: time, into: &actions)
        self.bids = bids
        self.asks = asks
        arrive(through: time, into: &actions)
        return actions
    }

    /// Replaces the book with a snapshot of this symbol (another symbol's is ignored).
    public mutating func onBook(_ book: BookSnapshot, at time: Timestamp) -> [ExecutionAction] {
        guard book.symbol == symbol else { return [] }
        return onBook(bids: book.bids, asks: book.asks, at: time)
    }

    /// A public trade: resting limit orders it trades through (or touches) fill as makers.
    public mutating func onTrade(
        price: Fixed, quantity: Fixed, aggressor: Side, at time: Timestamp
    ) -> [ExecutionAction] {
        var actions: [ExecutionAction] = []
        arrive(before: time, into: &actions)
        fillResting(tradePrice: price, tradeQuantity: quantity, aggressor: aggressor, at: time, into: &actions)
        arrive(through: time, into: &actions)
        return actions
    }

    /// A public trade of this symbol (another symbol's is ignored).
    public mutating func onTrade(_ trade: Trade, at time: Timestamp) -> [ExecutionAction] {
        guard trade.symbol == symbol else { return [] }
        return onTrade(price: trade.price, quantity: trade.qty, aggressor: trade.side, at: time)
    }

    /// Lets time pass without market data: orders in flight that arrive by `time` match the
    /// current book.
    public mutating func advance(to time: Timestamp) -> [ExecutionAction] {
        var actions: [ExecutionAction] = []
        arrive(through: time, into: &actions)
        return actions
    }

    // MARK: - Arrival

    private mutating func arrive(before time: Timestamp, into actions: inout [ExecutionAction]) {
        arrive(while: { $0 < time }, into: &actions)
    }

    private mutating func arrive(through time: Timestamp, into actions: inout [ExecutionAction]) {
        arrive(while: { $0 <= time }, into: &actions)
    }

    /// Accepts and matches, in time priority, every in-flight order whose arrival time passes.
    private mutating func arrive(while due: (Timestamp) -> Bool, into actions: inout [ExecutionAction]) {
        var index = 0
        while index < orders.count {
            guard !orders[index].isAccepted, due(orders[index].arrivesAt) else {
                index += 1
                continue
            }
            var order = orders[index]
            order.isAccepted = true
            actions.append(.orderEvent(event(order.intent, order.intentId, .accepted, nil), at: order.arrivesAt))
            if takeLiquidity(&order, into: &actions) {
                orders[index] = order
                index += 1
            } else {
                orders.remove(at: index)
            }
        }
    }

    // MARK: - Validation and events

    /// Why an approved intent still cannot be an order here, or nil.
    private func rejection(of intent: OrderIntent) -> String? {
        if intent.symbol != symbol { return "symbol \(intent.symbol) is not traded by the \(symbol) engine" }
        if orders.contains(where: { $0.clientOrderId == intent.clientOrderId }) {
            return "duplicate client order id \(intent.clientOrderId): an order with it is open"
        }
        if let quantity = intent.quantity, !quantity.isPositive { return "quantity \(quantity) is not positive" }
        if let amount = intent.quoteAmount {
            if !amount.isPositive { return "quote amount \(amount) is not positive" }
            if intent.orderType == .limit { return "a quote amount sizes market orders only" }
        }
        if intent.orderType == .limit, let price = intent.limitPrice, !price.isPositive {
            return "limit price \(price) is not positive"
        }
        return nil
    }

    func event(_ intent: OrderIntent, _ venueId: String?, _ status: OrderStatus, _ reason: String?) -> OrderEvent {
        OrderEvent(
            strategyId: intent.strategyId, clientOrderId: intent.clientOrderId, symbol: intent.symbol,
            status: status, venueOrderId: venueId, reason: reason)
    }
}
