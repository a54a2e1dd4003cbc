import Foundation
import NjordCore
import NjordExecution
import NjordTestSupport
import Testing

@Suite struct PaperMatchingEngineTests {
    @Test func marketBuyWalksTheBookAndPartiallyFillsWhenDepthRunsOut() throws {
        var engine = T.engine()
        _ = engine.onBook(
            bids: T.levels([("99", "1")]), asks: T.levels([("100", "1"), ("101", "2"), ("102", "0.5")]), at: T.at(0))
        let actions = engine.submit(try T.order("m1", .buy, .market, qty: "5"), intentId: "strat:1", at: T.at(1))
        let fills = T.fills(actions)
        #expect(fills.map(\.price) == [T.fx("100"), T.fx("101"), T.fx("102")])
        #expect(fills.map(\.qty) == [T.fx("1"), T.fx("2"), T.fx("0.5")])
        #expect(fills.allSatisfy { $0.liquidity == .taker && $0.side == .buy })
        #expect(T.statuses(actions) == [.accepted, .partiallyFilled, .partiallyFilled, .partiallyFilled, .expired])
        #expect(T.events(actions).last?.reason == "book depth ran out: filled 3.5 of 5")
        #expect(engine.asks.isEmpty)
        #expect(engine.orders.isEmpty)
        #expect(T.events(actions).allSatisfy { $0.venueOrderId == "strat:1" })
    }

    @Test func marketOrderTakesWhatItNeedsAndLeavesTheRestOfTheLevel() throws {
        var engine = T.engine()
        _ = engine.onBook(bids: [], asks: T.levels([("100", "1"), ("101", "2")]), at: T.at(0))
        let actions = engine.submit(try T.order("m1", .buy, .market, qty: "1.5"), intentId: "i", at: T.at(1))
        #expect(T.statuses(actions) == [.accepted, .partiallyFilled, .filled])
        #expect(engine.asks == T.levels([("101", "1.5")]))
        let next = engine.submit(try T.order("m2", .buy, .market, qty: "0.1"), intentId: "j", at: T.at(2))
        #expect(T.fills(next).map(\.price) == [T.fx("101")])
    }

    /// A large market sell walks a real Binance BTCUSDT depth snapshot (100 bid levels); the VWAP
    /// is recomputed here from the CSV with Foundation's Decimal.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: Self.snapshotFile.path)))
    func marketSellOnARealBTCUSDTSnapshotFillsAtTheIndependentlyComputedVWAP() throws {
        let rows = try String(contentsOf: Self.snapshotFile, encoding: .utf8).split(separator: "\n").dropFirst()
        var decimalLevels: [(price: Decimal, qty: Decimal)] = []
        var bids: [PriceLevel] = []
        for row in rows {
            let cols = row.split(separator: ",").map(String.init)
            guard cols.count >= 8, cols[4] == "b" else { continue }
            decimalLevels.append((Decimal(string: cols[6])!, Decimal(string: cols[7])!))
            bids.append(PriceLevel(price: try Fixed(cols[6]), qty: try Fixed(cols[7])))
        }
        #expect(bids.count == 100)
        bids.sort { $0.price > $1.price }
        decimalLevels.sort { $0.price > $1.price }
        let wanted = Decimal(string: "25")!
        var left = wanted, notional = Decimal(0), touched = 0
        for level in decimalLevels where left > 0 {
            let take = min(left, level.qty)
            notional += take * level.price
            left -= take
            touched += 1
        }
        #expect(left == 0, "the snapshot should hold 25 BTC of bids")
        let expectedVWAP = notional / wanted

        var engine = T.engine(
            fees: try FeeSchedule(makerBps: T.fx("2"), takerBps: T.fx("4")),
            filters: InstrumentFilters(tickSize: T.fx("0.1"), stepSize: T.fx("0.001")))
        _ = engine.onBook(bids: bids, asks: [], at: T.at(0))
        let actions = engine.submit(try T.order("big", .sell, .market, qty: "25"), intentId: "i", at: T.at(1))
        let fills = T.fills(actions)
        #expect(fills.count == touched)
        let filled = fills.reduce(Decimal(0)) { $0 + T.dec($1.qty) }
        let engineNotional = fills.reduce(Decimal(0)) { $0 + T.dec($1.qty) * T.dec($1.price) }
        #expect(filled == wanted)
        #expect(engineNotional / filled == expectedVWAP)
        #expect(T.statuses(actions).last == .filled)
        // Taker fee: 4 bps of each fill's notional, each rounded up to 10^-8.
        let fees = fills.reduce(Decimal(0)) { $0 + T.dec($1.fee) }
        let expectedFees = fills.reduce(Decimal(0)) {
            $0 + T.round8(T.round8(T.dec($1.qty) * T.dec($1.price), .bankers) * Decimal(string: "0.0004")!, .up)
        }
        #expect(fees == expectedFees)

        // Asking for more than the whole snapshot fills all 100 levels and expires the rest.
        var deep = T.engine()
        _ = deep.onBook(bids: bids, asks: [], at: T.at(0))
        let total = decimalLevels.reduce(Decimal(0)) { $0 + $1.qty }
        let all = deep.submit(try T.order("all", .sell, .market, qty: "100000"), intentId: "i", at: T.at(1))
        #expect(T.fills(all).count == 100)
        #expect(T.fills(all).reduce(Decimal(0)) { $0 + T.dec($1.qty) } == total)
        #expect(T.statuses(all).last == .expired)
    }

    static let snapshotFile = SharedData.data("depth/binance-futures-btcusdt-depth-snap-20221101.csv")

    @Test func restingLimitFillsWhenTradeGoesThrough() throws {
        var engine = T.engine(options: try FillModelOptions(touchFill: .none))
        _ = engine.onBook(bids: T.levels([("99", "1")]), asks: T.levels([("101", "1")]), at: T.at(0))
        let placed = engine.submit(try T.order("l1", .buy, .limit, qty: "2", limit: "100"), intentId: "i", at: T.at(1))
        #expect(T.statuses(placed) == [.accepted])
        #expect(engine.order(clientOrderId: "l1")?.remaining == T.fx("2"))
        #expect(engine.onTrade(price: T.fx("100.5"), quantity: T.fx("3"), aggressor: .sell, at: T.at(2)).isEmpty)
        #expect(engine.onTrade(price: T.fx("100"), quantity: T.fx("3"), aggressor: .sell, at: T.at(3)).isEmpty)
        // Strictly through: the whole rest fills at the limit price, whatever the trade's size.
        let through = engine.onTrade(price: T.fx("99.99"), quantity: T.fx("0.1"), aggressor: .sell, at: T.at(4))
        let fills = T.fills(through)
        #expect(fills.map(\.qty) == [T.fx("2")])
        #expect(fills.map(\.price) == [T.fx("100")])
        #expect(fills.map(\.liquidity) == [.maker])
        #expect(T.statuses(through) == [.filled])
        #expect(engine.orders.isEmpty)
        // A resting sell fills on a trade above its price.
        _ = engine.submit(try T.order("l2", .sell, .limit, qty: "1", limit: "105"), intentId: "j", at: T.at(5))
        #expect(engine.onTrade(price: T.fx("104"), quantity: T.fx("9"), aggressor: .buy, at: T.at(6)).isEmpty)
        #expect(
            T.fills(engine.onTrade(price: T.fx("105.01"), quantity: T.fx("0.01"), aggressor: .buy, at: T.at(7))).count
                == 1)
    }

    @Test func touchFillFollowsTheConfiguredRule() throws {
        var optimistic = T.engine(options: try FillModelOptions(touchFill: .tradedQuantity))
        _ = optimistic.submit(try T.order("a", .buy, .limit, qty: "2", limit: "100"), intentId: "i", at: T.at(0))
        _ = optimistic.submit(try T.order("b", .buy, .limit, qty: "1", limit: "100"), intentId: "j", at: T.at(0))
        // A buy aggressor at our bid price does not trade against bids.
        #expect(optimistic.onTrade(price: T.fx("100"), quantity: T.fx("5"), aggressor: .buy, at: T.at(1)).isEmpty)
        // A sell at the touch fills up to its quantity, shared in time priority.
        let first = optimistic.onTrade(price: T.fx("100"), quantity: T.fx("0.5"), aggressor: .sell, at: T.at(2))
        #expect(T.fills(first).map(\.clientOrderId) == ["a"])
        #expect(T.fills(first).map(\.qty) == [T.fx("0.5")])
        #expect(T.statuses(first) == [.partiallyFilled])
        let second = optimistic.onTrade(price: T.fx("100"), quantity: T.fx("2"), aggressor: .sell, at: T.at(3))
        #expect(T.fills(second).map(\.clientOrderId) == ["a", "b"])
        #expect(T.fills(second).map(\.qty) == [T.fx("1.5"), T.fx("0.5")])
        #expect(T.statuses(second) == [.filled, .partiallyFilled])
        #expect(optimistic.order(clientOrderId: "b")?.remaining == T.fx("0.5"))

        var pessimistic = T.engine(options: try FillModelOptions(touchFill: .none))
        _ = pessimistic.submit(try T.order("a", .buy, .limit, qty: "2", limit: "100"), intentId: "i", at: T.at(0))
        #expect(pessimistic.onTrade(price: T.fx("100"), quantity: T.fx("50"), aggressor: .sell, at: T.at(1)).isEmpty)
        #expect(
            T.fills(pessimistic.onTrade(price: T.fx("99.99"), quantity: T.fx("1"), aggressor: .sell, at: T.at(2))).count
                == 1)
    }

    @Test func feesAreChargedMakerOrTakerAndRoundedUp() throws {
        let fees = try FeeSchedule(makerBps: T.fx("2"), takerBps: T.fx("10"))
        var engine = T.engine(fees: fees)
        _ = engine.onBook(bids: [], asks: T.levels([("61837.63", "1")]), at: T.at(0))
        let taker = T.fills(engine.submit(try T.order("t", .buy, .market, qty: "0.00123"), intentId: "i", at: T.at(1)))
        _ = engine.submit(
            try T.order("m", .sell, .limit, qty: "0.00077", limit: "61900.01"), intentId: "j", at: T.at(2))
        let maker = T.fills(engine.onTrade(price: T.fx("61900.02"), quantity: T.fx("1"), aggressor: .buy, at: T.at(3)))
        #expect(taker.count == 1 && maker.count == 1)
        for (fill, rate) in [(taker[0], "0.001"), (maker[0], "0.0002")] {
            let notional = T.round8(T.dec(fill.qty) * T.dec(fill.price), .bankers)
            let exactFee = notional * Decimal(string: rate)!
            #expect(T.dec(fill.fee) == T.round8(exactFee, .up))
            #expect(T.dec(fill.fee) > exactFee, "the case must need rounding: \(exactFee)")
            #expect(fill.feeAsset == "USDT")
        }
        #expect(taker[0].liquidity == .taker)
        #expect(maker[0].liquidity == .maker)
    }

    @Test func quoteAmountOrderIsSizedToTheLargestCoveredStep() throws {
        let fees = try FeeSchedule(makerRate: T.fx("0.0002"), takerRate: T.fx("0.001"))
        let step = Decimal(string: "0.00001")!
        func debit(_ qty: Decimal, _ price: Decimal) -> Decimal {
            let notional = T.round8(qty * price, .bankers)
            return notional + T.round8(notional * Decimal(string: "0.001")!, .up)
        }
        // One level: the whole amount at one price.
        var engine = T.engine(fees: fees)
        _ = engine.onBook(bids: [], asks: T.levels([("61837.63", "10")]), at: T.at(0))
        let one = engine.submit(try T.order("q1", .buy, .market, quote: "1000"), intentId: "i", at: T.at(1))
        let fill = try #require(T.fills(one).first)
        let price = T.dec(fill.price)
        #expect(debit(T.dec(fill.qty), price) <= 1000)
        #expect(debit(T.dec(fill.qty) + step, price) > 1000)
        #expect(T.statuses(one) == [.accepted, .filled])

        // Two levels: the first whole, the second to the largest covered step.
        var walk = T.engine(fees: fees)
        _ = walk.onBook(bids: [], asks: T.levels([("100", "1"), ("101", "5")]), at: T.at(0))
        let two = T.fills(walk.submit(try T.order("q2", .buy, .market, quote: "300"), intentId: "i", at: T.at(1)))
        #expect(two.map(\.price) == [T.fx("100"), T.fx("101")])
        #expect(two[0].qty == T.fx("1"))
        let spent = two.reduce(Decimal(0)) { $0 + debit(T.dec($1.qty), T.dec($1.price)) }
        #expect(spent <= 300)
        #expect(spent - debit(T.dec(two[1].qty), 101) + debit(T.dec(two[1].qty) + step, 101) > 300)

        // A quote-amount sell sells the largest step multiple whose notional fits the amount.
        var sell = T.engine(fees: fees)
        _ = sell.onBook(bids: T.levels([("100", "10")]), asks: [], at: T.at(0))
        let sold = T.fills(
            sell.submit(try T.order("q3", .sell, .market, quote: "123.456789"), intentId: "i", at: T.at(1)))
        #expect(sold.map(\.qty) == [T.fx("1.23456")])
    }

    @Test func cancelAllCancelsEveryRestingOrder() throws {
        var engine = T.engine(options: try FillModelOptions(latencyNanoseconds: 5_000_000))
        _ = engine.onBook(bids: T.levels([("99", "1")]), asks: T.levels([("101", "1")]), at: T.at(0))
        _ = engine.submit(try T.order("a", .buy, .limit, qty: "1", limit: "98"), intentId: "i1", at: T.at(0))
        _ = engine.submit(try T.order("b", .sell, .limit, qty: "1", limit: "105"), intentId: "i2", at: T.at(1))
        _ = engine.advance(to: T.at(10))
        _ = engine.submit(try T.order("c", .buy, .limit, qty: "1", limit: "97"), intentId: "i3", at: T.at(10))
        #expect(engine.orders.map(\.isAccepted) == [true, true, false])
        let actions = engine.cancelAll(reason: "kill switch tripped by ops", at: T.at(12))
        #expect(T.events(actions).map(\.clientOrderId) == ["a", "b", "c"])
        #expect(T.statuses(actions) == [.canceled, .canceled, .canceled])
        #expect(T.events(actions).allSatisfy { $0.reason == "kill switch tripped by ops" })
        #expect(engine.orders.isEmpty)
        #expect(engine.onTrade(price: T.fx("90"), quantity: T.fx("5"), aggressor: .sell, at: T.at(20)).isEmpty)
        #expect(engine.advance(to: T.at(30)).isEmpty)
    }

    @Test func cancelRemovesOneOrderAndACancelOfAnOrderNoLongerOpenDoesNothing() throws {
        var engine = T.engine()
        _ = engine.submit(try T.order("a", .buy, .limit, qty: "1", limit: "98"), intentId: "i1", at: T.at(0))
        _ = engine.submit(try T.order("b", .buy, .limit, qty: "1", limit: "97"), intentId: "i2", at: T.at(0))
        let cancel = OrderCancel(strategyId: "s1", clientOrderId: "a", symbol: "BTCUSDT", reason: "band moved")
        let actions = engine.cancel(cancel, at: T.at(1))
        #expect(T.events(actions).map(\.clientOrderId) == ["a"])
        #expect(T.events(actions).first?.reason == "band moved")
        #expect(engine.orders.map(\.clientOrderId) == ["b"])
        #expect(engine.cancel(cancel, at: T.at(2)).isEmpty)
        #expect(engine.cancel(clientOrderId: "never", at: T.at(2)).isEmpty)
    }

    @Test func gtcLimitRestRestsAfterTakingLiquidityAndIocRestExpires() throws {
        var engine = T.engine()
        _ = engine.onBook(bids: [], asks: T.levels([("100", "1"), ("100.5", "1"), ("101", "1")]), at: T.at(0))
        let gtc = engine.submit(try T.order("g", .buy, .limit, qty: "3", limit: "100.5"), intentId: "i", at: T.at(1))
        #expect(T.fills(gtc).map(\.price) == [T.fx("100"), T.fx("100.5")])
        #expect(T.statuses(gtc) == [.accepted, .partiallyFilled, .partiallyFilled])
        #expect(engine.order(clientOrderId: "g")?.remaining == T.fx("1"))

        var ioc = T.engine()
        _ = ioc.onBook(bids: [], asks: T.levels([("100", "1"), ("101", "1")]), at: T.at(0))
        let actions = ioc.submit(
            try T.order("x", .buy, .limit, qty: "3", limit: "100.5", tif: .ioc), intentId: "i", at: T.at(1))
        #expect(T.statuses(actions) == [.accepted, .partiallyFilled, .expired])
        #expect(T.events(actions).last?.reason == "no more liquidity at 100.5 or better: filled 1 of 3")
        #expect(ioc.orders.isEmpty)
    }

    @Test func fillOrKillFillsWholeOrNotAtAll() throws {
        var engine = T.engine()
        _ = engine.onBook(bids: [], asks: T.levels([("100", "1"), ("101", "1.5")]), at: T.at(0))
        let killed = engine.submit(try T.order("k", .buy, .market, qty: "3", tif: .fok), intentId: "i", at: T.at(1))
        #expect(T.fills(killed).isEmpty)
        #expect(T.statuses(killed) == [.accepted, .expired])
        #expect(engine.asks == T.levels([("100", "1"), ("101", "1.5")]))
        let limited = engine.submit(
            try T.order("l", .buy, .limit, qty: "2", limit: "100", tif: .fok), intentId: "j", at: T.at(2))
        #expect(T.statuses(limited) == [.accepted, .expired])
        let filled = engine.submit(try T.order("f", .buy, .market, qty: "2.5", tif: .fok), intentId: "k", at: T.at(3))
        #expect(T.statuses(filled) == [.accepted, .partiallyFilled, .filled])
        #expect(engine.asks.isEmpty)
    }

    @Test func ordersThatCannotBeMatchedAreRejectedWithAReason() throws {
        var engine = T.engine()
        _ = engine.submit(try T.order("a", .buy, .limit, qty: "1", limit: "98"), intentId: "i1", at: T.at(0))
        let cases: [(OrderIntent, String)] = [
            (
                try T.order("e", .buy, .market, qty: "1", symbol: "ETHUSDT"),
                "symbol ETHUSDT is not traded by the BTCUSDT engine"
            ),
            (
                try T.order("a", .buy, .limit, qty: "1", limit: "97"),
                "duplicate client order id a: an order with it is open"
            ),
            (try T.order("z", .buy, .market, qty: "0"), "quantity 0 is not positive"),
            (try T.order("q", .buy, .limit, quote: "100", limit: "97"), "a quote amount sizes market orders only"),
            (try T.order("p", .sell, .limit, qty: "1", limit: "-1"), "limit price -1 is not positive"),
        ]
        for (intent, reason) in cases {
            let actions = engine.submit(intent, intentId: "x", at: T.at(1))
            #expect(T.statuses(actions) == [.rejected])
            #expect(T.events(actions).first?.reason == reason)
        }
        #expect(engine.orders.count == 1)
    }

    @Test func fillIdsAreDeterministicPerOrder() throws {
        func run() throws -> [ExecutionAction] {
            var engine = T.engine(fees: try FeeSchedule(makerBps: T.fx("1"), takerBps: T.fx("5")))
            var actions = engine.onBook(bids: [], asks: T.levels([("100", "1"), ("101", "1")]), at: T.at(0))
            actions += engine.submit(
                try T.order("c-7", .buy, .limit, qty: "3", limit: "101"), intentId: "i", at: T.at(1))
            actions += engine.onTrade(price: T.fx("100"), quantity: T.fx("0.25"), aggressor: .sell, at: T.at(2))
            return actions
        }
        let first = try run()
        #expect(T.fills(first).map(\.fillId) == ["c-7-f1", "c-7-f2", "c-7-f3"])
        #expect(try run() == first)
    }

    @Test func slippageWorsensTakerPricesByBpsOrTicksButNeverBeyondTheLimit() throws {
        var bps = T.engine(options: try FillModelOptions(slippage: .bps(T.fx("10"))))
        _ = bps.onBook(bids: T.levels([("99.99", "5")]), asks: T.levels([("100", "5")]), at: T.at(0))
        // Buy: 100 + 0.1 = 100.1; sell: 99.99 − ⌈0.09999⌉ = 99.89001, down onto the tick: 99.89.
        #expect(
            T.fills(bps.submit(try T.order("b", .buy, .market, qty: "1"), intentId: "i", at: T.at(1))).map(\.price) == [
                T.fx("100.1")
            ])
        #expect(
            T.fills(bps.submit(try T.order("s", .sell, .market, qty: "1"), intentId: "i", at: T.at(1))).map(\.price)
                == [T.fx("99.89")])
        let capped = bps.submit(try T.order("l", .buy, .limit, qty: "1", limit: "100.05"), intentId: "i", at: T.at(1))
        #expect(T.fills(capped).map(\.price) == [T.fx("100.05")])

        var ticks = T.engine(options: try FillModelOptions(slippage: .ticks(2)))
        _ = ticks.onBook(bids: T.levels([("99.99", "5")]), asks: T.levels([("100", "5")]), at: T.at(0))
        #expect(
            T.fills(ticks.submit(try T.order("b", .buy, .market, qty: "1"), intentId: "i", at: T.at(1))).map(\.price)
                == [T.fx("100.02")])
        #expect(
            T.fills(ticks.submit(try T.order("s", .sell, .market, qty: "1"), intentId: "i", at: T.at(1))).map(\.price)
                == [T.fx("99.97")])
    }

    @Test func latencyMatchesTheBookAsItStandsAfterTheDelay() throws {
        var engine = T.engine(options: try FillModelOptions(latencyNanoseconds: 5_000_000))
        _ = engine.onBook(bids: [], asks: T.levels([("100", "1")]), at: T.at(0))
        #expect(engine.submit(try T.order("m", .buy, .market, qty: "1"), intentId: "i", at: T.at(0)).isEmpty)
        #expect(engine.onBook(bids: [], asks: T.levels([("105", "1")]), at: T.at(3)).isEmpty)
        // The order arrives at 5 ms, before the book of 6 ms: it fills at the book of 3 ms.
        let actions = engine.onBook(bids: [], asks: T.levels([("110", "1")]), at: T.at(6))
        #expect(T.fills(actions).map(\.price) == [T.fx("105")])
        #expect(actions.allSatisfy { $0.time == T.at(5) })

        // A book at exactly the arrival time is the one it meets; `advance` delivers without data.
        var exact = T.engine(options: try FillModelOptions(latencyNanoseconds: 5_000_000))
        _ = exact.onBook(bids: [], asks: T.levels([("100", "1")]), at: T.at(0))
        _ = exact.submit(try T.order("m", .buy, .market, qty: "1"), intentId: "i", at: T.at(0))
        #expect(
            T.fills(exact.onBook(bids: [], asks: T.levels([("110", "1")]), at: T.at(5))).map(\.price) == [T.fx("110")])
        _ = exact.submit(try T.order("n", .buy, .market, qty: "1"), intentId: "j", at: T.at(6))
        #expect(exact.advance(to: T.at(10)).isEmpty)
        #expect(T.statuses(exact.advance(to: T.at(11))) == [.accepted, .expired])
    }

    @Test func volumeCapLimitsTradeDrivenFills() throws {
        var engine = T.engine(options: try FillModelOptions(volumeCap: T.fx("0.1")))
        _ = engine.submit(try T.order("a", .buy, .limit, qty: "5", limit: "100"), intentId: "i", at: T.at(0))
        _ = engine.submit(try T.order("b", .buy, .limit, qty: "5", limit: "100"), intentId: "j", at: T.at(0))
        let actions = engine.onTrade(price: T.fx("99"), quantity: T.fx("2.5"), aggressor: .sell, at: T.at(1))
        #expect(T.fills(actions).map(\.qty) == [T.fx("0.25")])
        #expect(engine.order(clientOrderId: "a")?.remaining == T.fx("4.75"))
        #expect(engine.order(clientOrderId: "b")?.remaining == T.fx("5"))
    }
}
