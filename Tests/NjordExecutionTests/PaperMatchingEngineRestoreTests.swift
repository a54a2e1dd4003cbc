import NjordCore
import NjordExecution
import Testing

/// `restoreResting`: a restarted host puts back the orders its journal shows resting.
@Suite struct PaperMatchingEngineRestoreTests {
    @Test func aRestoredOrderFillsOnlyItsRestAndCarriesOnItsFillIds() throws {
        var engine = PaperMatchingEngine(symbol: "BTCUSDT", quoteAsset: "USDT")
        let intent = try T.order("r-1", .buy, .limit, qty: "1", limit: "100")
        let restored = engine.restoreResting(
            intent, intentId: "i-1", filled: T.fx("0.4"), fillCount: 2, acceptedAt: T.at(0))
        #expect(restored)
        #expect(engine.order(clientOrderId: "r-1")?.remaining == T.fx("0.6"))
        let actions = engine.onTrade(price: T.fx("99"), quantity: T.fx("5"), aggressor: .sell, at: T.at(1))
        #expect(T.fills(actions).map(\.fillId) == ["r-1-f3"])
        #expect(T.fills(actions).map(\.qty) == [T.fx("0.6")])
        #expect(T.statuses(actions) == [.filled])
        #expect(T.events(actions).first?.venueOrderId == "i-1")
        #expect(engine.orders.isEmpty)
    }

    @Test func ordersThatCannotRestAreRefusedAndChangeNothing() throws {
        var engine = PaperMatchingEngine(symbol: "BTCUSDT", quoteAsset: "USDT")
        let market = try T.order("m-1", .buy, .market, qty: "1")
        let ioc = try T.order("l-1", .buy, .limit, qty: "1", limit: "100", tif: .ioc)
        let other = try T.order("o-1", .buy, .limit, qty: "1", limit: "100", symbol: "ETHUSDT")
        let done = try T.order("d-1", .buy, .limit, qty: "1", limit: "100")
        let refused = [
            engine.restoreResting(market, intentId: "a", filled: .zero, fillCount: 0, acceptedAt: T.at(0)),
            engine.restoreResting(ioc, intentId: "b", filled: .zero, fillCount: 0, acceptedAt: T.at(0)),
            engine.restoreResting(other, intentId: "c", filled: .zero, fillCount: 0, acceptedAt: T.at(0)),
            engine.restoreResting(done, intentId: "d", filled: .one, fillCount: 1, acceptedAt: T.at(0)),
        ]
        #expect(refused == [false, false, false, false])
        #expect(engine.orders.isEmpty)
    }
}
