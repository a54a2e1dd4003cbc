import NjordCore
import NjordStrategies

/// A minimal venue for host tests: accepts every order; market orders fill at the next bar's
/// open; resting limit orders fill at their price when a later bar trades through them (low
/// below a buy, high above a sell); cancels are confirmed at once.
struct TestVenue {
    struct Resting {
        var intent: OrderIntent
    }

    var resting: [Resting] = []
    var fills = 0

    /// Applies the host's actions (cancels confirmed, orders accepted and queued).
    mutating func take(_ actions: [StrategyAction], host: inout StrategyHost) {
        for action in actions {
            switch action {
            case .cancel(let cancel):
                guard let k = resting.firstIndex(where: { $0.intent.clientOrderId == cancel.clientOrderId }) else {
                    continue
                }
                resting.remove(at: k)
                host.onOrderUpdate(event(cancel.strategyId, cancel.clientOrderId, cancel.symbol, .canceled))
            case .submit(let intent):
                host.onOrderUpdate(event(intent.strategyId, intent.clientOrderId, intent.symbol, .accepted))
                resting.append(Resting(intent: intent))
            }
        }
    }

    /// Fills what `bar` reaches, before the strategies see it; returns the actions the fills caused.
    mutating func match(_ bar: StrategyBar, host: inout StrategyHost) -> [StrategyAction] {
        var actions: [StrategyAction] = []
        var kept: [Resting] = []
        for order in resting {
            let intent = order.intent
            let price: Fixed?
            switch intent.limitPrice {
            case nil: price = bar.open
            case let limit?:
                if intent.side == .buy {
                    price = bar.low < limit ? limit : nil
                } else {
                    price = bar.high > limit ? limit : nil
                }
            }
            guard let price, let quantity = intent.quantity else {
                kept.append(order)
                continue
            }
            fills += 1
            let fill = Fill(
                fillId: "f\(fills)", strategyId: intent.strategyId, clientOrderId: intent.clientOrderId,
                symbol: intent.symbol, side: intent.side, price: price, qty: quantity, fee: .zero, feeAsset: "USD",
                liquidity: intent.limitPrice == nil ? .taker : .maker)
            actions += host.onFill(fill, time: bar.time)
        }
        resting = kept
        return actions
    }

    private func event(_ strategyId: String, _ id: String, _ symbol: String, _ status: OrderStatus) -> OrderEvent {
        OrderEvent(
            strategyId: strategyId, clientOrderId: id, symbol: symbol, status: status, venueOrderId: nil, reason: nil)
    }
}

/// Runs bars through a host and a test venue; returns every action in order.
func run(_ bars: [StrategyBar], symbol: String, host: inout StrategyHost, venue: inout TestVenue) -> [StrategyAction] {
    var all: [StrategyAction] = []
    for bar in bars {
        let fromFills = venue.match(bar, host: &host)
        venue.take(fromFills, host: &host)
        let actions = host.onBar(symbol: symbol, bar: bar)
        venue.take(actions, host: &host)
        all += fromFills + actions
    }
    return all
}
