import NjordCore
import NjordStrategies
import Testing

private let symbol = "BTCUSDT"

private func spec(_ id: String, _ kind: String, _ parameters: [String: String]) -> StrategySpec {
    StrategySpec(id: id, kind: kind, symbol: symbol, parameters: StrategyParameters(parameters))
}

private let sma = spec("sma", SmaCross.name, ["fast": "2", "slow": "5", "quantity": "1"])
private let donchian = spec("don", Donchian.name, ["period": "3", "quantity": "1"])
private let bollinger = spec("bol", Bollinger.name, ["period": "5", "num_std": "1", "quantity": "1"])

private func actions(of id: String, _ actions: [StrategyAction]) -> [StrategyAction] {
    actions.filter { ($0.intent?.strategyId ?? $0.cancel?.strategyId) == id }
}

@Test func strategiesOfASymbolRunInIdOrderAndNameTheirOrdersWithASequence() throws {
    var host = try StrategyHost(specs: [sma, donchian])
    var venue = TestVenue()
    let out = run(TestBars.wavy(200), symbol: symbol, host: &host, venue: &venue)
    let intents = out.compactMap(\.intent)
    for id in ["sma", "don"] {
        let ids = intents.filter { $0.strategyId == id }.map(\.clientOrderId)
        #expect(!ids.isEmpty)
        #expect(ids == (1...ids.count).map { "\(id)-\($0)" })
    }
    #expect(host.onBar(symbol: "ETHUSDT", bar: TestBars.wavy(1, from: 200)[0]).isEmpty)
}

@Test func reloadReparameterizesOneStrategyAndLeavesAnotherUntouched() throws {
    var reloaded = try StrategyHost(specs: [sma, donchian])
    var reloadedVenue = TestVenue()
    var reference = try StrategyHost(specs: [sma, donchian])
    var referenceVenue = TestVenue()
    let before = TestBars.wavy(150)
    _ = run(before, symbol: symbol, host: &reloaded, venue: &reloadedVenue)
    _ = run(before, symbol: symbol, host: &reference, venue: &referenceVenue)
    let smaPosition = try #require(reloaded.strategy(id: "sma")?.position)

    var faster = donchian
    faster.parameters.values["period"] = "4"
    let reload = try reloaded.reload(to: [sma, faster])
    #expect(reload.changes == [.reparameterized("don"), .unchanged("sma")])
    #expect(reload.needsWarmUp == ["don"])
    #expect(reload.actions.allSatisfy { $0.cancel?.strategyId == "don" })
    #expect((reloaded.strategy(id: "don")?.strategy as? Donchian)?.period == 4)
    // The untouched strategy is the very same state: SMA windows, position, open orders.
    #expect(reloaded.strategy(id: "sma")?.strategy as? SmaCross == reference.strategy(id: "sma")?.strategy as? SmaCross)
    #expect(reloaded.strategy(id: "sma")?.position == smaPosition)

    // And it carries on exactly as in a host that never reloaded.
    let after = TestBars.wavy(300, from: 150)
    let reloadedOut = run(after, symbol: symbol, host: &reloaded, venue: &reloadedVenue)
    let referenceOut = run(after, symbol: symbol, host: &reference, venue: &referenceVenue)
    #expect(!actions(of: "sma", referenceOut).isEmpty)
    #expect(actions(of: "sma", reloadedOut) == actions(of: "sma", referenceOut))
    #expect(reloaded.strategy(id: "sma")?.strategy as? SmaCross == reference.strategy(id: "sma")?.strategy as? SmaCross)
    #expect(reloaded.strategy(id: "sma")?.position == reference.strategy(id: "sma")?.position)
    #expect(!actions(of: "don", reloadedOut).isEmpty)
}

@Test func aReparameterizedStrategyCancelsItsOrdersKeepsItsPositionAndContinuesItsOrderIds() throws {
    var host = try StrategyHost(specs: [donchian])
    var venue = TestVenue()
    var bars = TestBars.wavy(600)
    // Trade with fills until long with nothing open…
    while !bars.isEmpty {
        _ = run([bars.removeFirst()], symbol: symbol, host: &host, venue: &venue)
        if let d = host.strategy(id: "don"), d.position.isPositive, d.openOrders.isEmpty { break }
    }
    let position = try #require(host.strategy(id: "don")?.position)
    #expect(position.isPositive)
    // …then without a venue until the sell is submitted and stays open.
    var sell: OrderIntent?
    while sell == nil, !bars.isEmpty { sell = host.onBar(symbol: symbol, bar: bars.removeFirst()).first?.intent }
    let open = try #require(sell)
    #expect(open.side == .sell)

    var faster = donchian
    faster.parameters.values["period"] = "2"
    let reload = try host.reload(to: [faster])
    #expect(reload.changes == [.reparameterized("don")])
    #expect(
        reload.actions == [
            .cancel(
                StrategyCancel(
                    strategyId: "don", clientOrderId: open.clientOrderId, symbol: symbol,
                    reason: "strategy reparameterized"))
        ])
    #expect(host.strategy(id: "don")?.position == position)
    #expect(host.strategy(id: "don")?.openOrders.isEmpty == true)
    #expect(host.unmanagedPositions.isEmpty)

    let sequence = try #require(open.clientOrderId.split(separator: "-").last.flatMap { Int($0) })
    var fresh = TestVenue()
    let next = run(bars, symbol: symbol, host: &host, venue: &fresh).compactMap(\.intent).first
    #expect(next?.clientOrderId == "don-\(sequence + 1)")
}

@Test func aRemovedStrategysOrdersAreCanceledAndItsPositionIsReportedUnmanaged() throws {
    var host = try StrategyHost(specs: [sma, bollinger])
    var venue = TestVenue()
    var bars = TestBars.wavy(400)
    var resting: RunningStrategy?
    // Run until the Bollinger strategy is long with a resting sell.
    while !bars.isEmpty {
        _ = run([bars.removeFirst()], symbol: symbol, host: &host, venue: &venue)
        if let b = host.strategy(id: "bol"), b.position.isPositive, !b.openOrders.isEmpty {
            resting = b
            break
        }
    }
    let before = try #require(resting)
    let reload = try host.reload(to: [sma])
    #expect(reload.changes == [.removed("bol"), .unchanged("sma")])
    #expect(reload.needsWarmUp.isEmpty)
    #expect(reload.actions.compactMap(\.cancel?.clientOrderId) == before.openOrders.map(\.clientOrderId))
    #expect(reload.actions.allSatisfy { $0.cancel?.reason == "strategy removed" })
    #expect(
        host.unmanagedPositions == [UnmanagedPosition(strategyId: "bol", symbol: symbol, quantity: before.position)])
    #expect(host.strategy(id: "bol") == nil)
    // A late fill of the removed strategy's order moves the unmanaged position, not a strategy's.
    let order = try #require(before.openOrders.first)
    _ = host.onFill(
        Fill(
            fillId: "late", strategyId: "bol", clientOrderId: order.clientOrderId, symbol: symbol, side: order.side,
            price: order.price ?? .one, qty: before.position, fee: .zero, feeAsset: "USDT", liquidity: .maker),
        time: Timestamp(nanosecondsSinceEpoch: 0))
    #expect(host.unmanagedPositions.isEmpty, "sold out: nothing left unmanaged")
}

@Test func warmUpGivesTheSameStateAsHavingSeenTheBarsLiveAndEmitsNothing() throws {
    var host = try StrategyHost(specs: [sma])
    let reload = try host.reload(to: [sma, bollinger, donchian])
    #expect(reload.changes == [.added("bol"), .added("don"), .unchanged("sma")])
    let bars = TestBars.wavy(60)
    for id in reload.needsWarmUp { try host.warmUp(id: id, bars: bars) }

    var liveBollinger = try Bollinger(parameters: bollinger.parameters)
    var liveDonchian = try Donchian(parameters: donchian.parameters)
    var context = StrategyContext(
        position: .zero, cash: .zero, filters: .unrestricted, time: Timestamp(nanosecondsSinceEpoch: 0))
    for bar in bars {
        liveBollinger.onBar(bar, context: &context)
        liveDonchian.onBar(bar, context: &context)
    }
    #expect(!context.orders.isEmpty, "the bars must make the strategies want to trade")
    #expect(host.strategy(id: "bol")?.strategy as? Bollinger == liveBollinger)
    #expect(host.strategy(id: "don")?.strategy as? Donchian == liveDonchian)
    #expect(host.strategy(id: "bol")?.openOrders.isEmpty == true)
    #expect(host.strategy(id: "bol")?.context.time == bars.last?.time)
    #expect(throws: StrategyError.unknownId("nope")) { try host.warmUp(id: "nope", bars: bars) }
}

@Test func aReloadThatCannotBeBuiltChangesNothing() throws {
    var host = try StrategyHost(specs: [sma, donchian])
    var venue = TestVenue()
    _ = run(TestBars.wavy(50), symbol: symbol, host: &host, venue: &venue)
    let smaBefore = host.strategy(id: "sma")?.strategy as? SmaCross
    var broken = donchian
    broken.parameters.values["period"] = "1"
    #expect(throws: StrategyError.invalidParameter(name: "period", value: "1", expected: "a whole number ≥ 2")) {
        try host.reload(to: [broken])
    }
    #expect(throws: StrategyError.duplicateId("sma")) { try host.reload(to: [sma, sma]) }
    #expect(host.strategies.map(\.id) == ["don", "sma"])
    #expect(host.strategy(id: "sma")?.strategy as? SmaCross == smaBefore)
    #expect((host.strategy(id: "don")?.strategy as? Donchian)?.period == 3)
}

@Test func orderEventsMaintainTheOpenOrders() throws {
    var host = try StrategyHost(specs: [donchian])
    let intents = TestBars.wavy(40).flatMap { host.onBar(symbol: symbol, bar: $0) }.compactMap(\.intent)
    let id = try #require(intents.first?.clientOrderId)
    func event(_ status: OrderStatus) -> OrderEvent {
        OrderEvent(
            strategyId: "don", clientOrderId: id, symbol: symbol, status: status, venueOrderId: "v1", reason: nil)
    }
    host.onOrderUpdate(event(.accepted))
    #expect(host.strategy(id: "don")?.openOrders.map(\.accepted) == [true])
    host.onOrderUpdate(event(.rejected))
    #expect(host.strategy(id: "don")?.openOrders.isEmpty == true)
    #expect(host.droppedInputs == 0)
}

@Test func restoredFillsMovePositionAndCashWithoutCallingTheStrategyOrOpeningOrders() throws {
    var host = try StrategyHost(specs: [bollinger])
    func fill(_ strategyId: String, _ side: Side, _ qty: String) throws -> Fill {
        Fill(
            fillId: "f", strategyId: strategyId, clientOrderId: "\(strategyId)-1", symbol: symbol, side: side,
            price: Fixed(100), qty: try Fixed(qty), fee: .zero, feeAsset: "USDT", liquidity: .maker)
    }
    host.restore(try fill("bol", .buy, "2"))
    host.restore(try fill("bol", .sell, "0.5"))
    host.restore(try fill("gone", .buy, "1"))
    let running = try #require(host.strategy(id: "bol"))
    #expect(running.position == (try Fixed("1.5")))
    #expect(running.context.cash == Fixed(-150))
    #expect(running.openOrders.isEmpty && running.context.orders.isEmpty)
    #expect(host.unmanagedPositions == [UnmanagedPosition(strategyId: "gone", symbol: symbol, quantity: .one)])
    // Long after the restore: the first bars once warm place the sell of the position.
    let out =
        host.onBar(symbol: symbol, bar: try TestBars.bar(0, close: "100"))
        + TestBars.wavy(5, from: 1).flatMap { host.onBar(symbol: symbol, bar: $0) }
    #expect(out.compactMap(\.intent).first?.side == .sell)
    #expect(out.compactMap(\.intent).first?.quantity == (try Fixed("1.5")))
}
