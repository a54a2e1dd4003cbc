import Foundation
import NjordTestSupport
import Testing

@testable import NjordCore

/// Filters as `exchangeInfo` states them for BTCUSDT and ETHUSDT, read from the shared sample.
private func filters(_ symbol: String) throws -> InstrumentFilters {
    let url = SharedData.data("binance-ws/nautilus-integration/http_responses/http_spot_market_exchange_info.json")
    let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    let entry = (root["symbols"] as! [[String: Any]]).first { $0["symbol"] as? String == symbol }!
    var result = InstrumentFilters()
    for filter in entry["filters"] as! [[String: Any]] {
        func d(_ key: String) throws -> Fixed { try Fixed(filter[key] as! String) }
        switch filter["filterType"] as! String {
        case "PRICE_FILTER":
            result.minPrice = try d("minPrice")
            result.maxPrice = try d("maxPrice")
            result.tickSize = try d("tickSize")
        case "LOT_SIZE":
            result.minQuantity = try d("minQty")
            result.maxQuantity = try d("maxQty")
            result.stepSize = try d("stepSize")
        case "MIN_NOTIONAL":
            result.minNotional = try d("minNotional")
            result.minNotionalAppliesToMarket = filter["applyToMarket"] as! Bool
        default: break
        }
    }
    return result
}

private func f(_ s: String) -> Fixed { try! Fixed(s) }

@Suite struct InstrumentFiltersTests {
    @Test func btcusdtPricesRoundOntoTheCentTickInTheGivenDirection() throws {
        let btc = try filters("BTCUSDT")
        #expect(btc.tickSize == f("0.01"))
        // Worked by hand: 61602.017 lies between ticks 61602.01 and 61602.02.
        #expect(btc.roundPrice(f("61602.017"), .down) == f("61602.01"))
        #expect(btc.roundPrice(f("61602.017"), .up) == f("61602.02"))
        // The grid is anchored at minPrice 0.01, so the tie 61602.015 sits at 6160200.5 ticks above it
        // and half-even picks tick 6160200: 61602.01.
        #expect(btc.roundPrice(f("61602.015"), .toNearestOrEven) == f("61602.01"))
        #expect(btc.roundPrice(f("61602.01"), .up) == f("61602.01"))
        #expect(
            btc.violations(price: f("61602.017"), quantity: f("0.001"), isMarket: false) == [
                .priceOffTick(price: f("61602.017"), tickSize: f("0.01"))
            ])
    }

    @Test func btcusdtQuantitiesRoundDownOntoTheStepAndRespectTheMinimum() throws {
        let btc = try filters("BTCUSDT")
        // stepSize 0.00001, minQty 0.00001: 0.000129 → 0.00012; below minimum → 0.
        #expect(btc.roundQuantityDown(f("0.000129")) == f("0.00012"))
        #expect(btc.roundQuantityDown(f("0.000009")) == .zero)
        #expect(btc.roundQuantityDown(f("1.6233236")) == f("1.62332"))
        #expect(
            btc.violations(price: f("61602.01"), quantity: f("0.000125"), isMarket: false).contains(
                .quantityOffStep(quantity: f("0.000125"), stepSize: f("0.00001"))))
        #expect(
            btc.violations(price: f("61602.01"), quantity: f("9000.00001"), isMarket: false).contains(
                .quantityAboveMaximum(quantity: f("9000.00001"), maximum: f("9000"))))
    }

    @Test func btcusdtMinNotionalOfTenUsdtBindsLimitAndMarketOrders() throws {
        let btc = try filters("BTCUSDT")
        // 61602.01 × 0.00016 = 9.8563216 < 10; 0.00017 gives 10.4723417.
        #expect(
            btc.violations(price: f("61602.01"), quantity: f("0.00016"), isMarket: false) == [
                .notionalBelowMinimum(notional: f("9.8563216"), minimum: f("10"))
            ])
        #expect(btc.violations(price: f("61602.01"), quantity: f("0.00017"), isMarket: false).isEmpty)
        #expect(!btc.violations(price: f("61602.01"), quantity: f("0.00016"), isMarket: true).isEmpty)
        #expect(try btc.minimumQuantity(at: f("61602.01")) == f("0.00017"))
    }

    @Test func ethusdtStepOfTenThousandthsAndTickOfCents() throws {
        let eth = try filters("ETHUSDT")
        #expect(eth.stepSize == f("0.0001"))
        #expect(eth.roundQuantityDown(f("0.12349")) == f("0.1234"))
        #expect(eth.roundPrice(f("2650.005"), .down) == f("2650"))
        // 10 / 2650.00 = 0.0037735… → 0.0038 (0.0037 gives 9.805).
        #expect(try eth.minimumQuantity(at: f("2650")) == f("0.0038"))
        #expect(
            eth.violations(price: f("2650"), quantity: f("0.0037"), isMarket: false) == [
                .notionalBelowMinimum(notional: f("9.805"), minimum: f("10"))
            ])
        #expect(
            eth.violations(price: f("0.001"), quantity: f("1"), isMarket: false).contains { $0.rule == "price_filter" })
    }
}
