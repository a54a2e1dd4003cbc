import Foundation
import NjordBinance
import NjordCore
import NjordMarketData
import NjordTestSupport
import Testing

/// `exchangeInfo` into instrument filters, from the recorded Binance answer.
@Suite struct BinanceExchangeInfoTests {
    static func recorded() throws -> String {
        try String(
            contentsOf: SharedData.data(
                "binance-ws/nautilus-integration/http_responses/http_spot_market_exchange_info.json"),
            encoding: .utf8)
    }

    @Test func priceLotAndNotionalFiltersAreReadExactly() throws {
        let filters = try BinanceExchangeInfo.parse(try Self.recorded())
        let btc = try #require(filters["BTCUSDT"])
        #expect(btc.tickSize == (try Fixed("0.01")))
        #expect(btc.minPrice == (try Fixed("0.01")))
        #expect(btc.maxPrice == (try Fixed("1000000")))
        #expect(btc.stepSize == (try Fixed("0.00001")))
        #expect(btc.minQuantity == (try Fixed("0.00001")))
        #expect(btc.maxQuantity == (try Fixed("9000")))
        #expect(btc.minNotional == (try Fixed("10")))
        #expect(btc.minNotionalAppliesToMarket)
    }

    @Test func aFilterValueThatIsNotADecimalIsAnErrorNamingSymbolAndField() {
        let json =
            #"{"symbols":[{"symbol":"ETHUSDT","filters":[{"filterType":"LOT_SIZE","minQty":"x","maxQty":"1","stepSize":"1"}]}]}"#
        #expect(throws: BinanceExchangeInfoError.badField(symbol: "ETHUSDT", field: "minQty")) {
            try BinanceExchangeInfo.parse(json)
        }
        #expect(throws: BinanceExchangeInfoError.self) { try BinanceExchangeInfo.parse("[1,2]") }
    }

    @Test func theAdapterReadsExchangeInfoOverRESTForItsSymbols() throws {
        let server = try LoopbackBinanceServer(scripts: [], snapshots: ["{}"], exchangeInfo: try Self.recorded())
        defer { server.shutdown() }
        let adapter = try BinanceUSVenueAdapter(
            options: BinanceUSOptions(wsBaseURL: server.wsURL, restBaseURL: server.restURL, symbols: ["BTCUSDT"]))
        try adapter.start()
        defer { adapter.stop() }
        var pipeline = IngestPipeline()

        let read = drive(adapter, pipeline: &pipeline, deadline: .seconds(10)) { _ in
            !adapter.instrumentFilters.isEmpty
        }

        #expect(read)
        #expect(Array(adapter.instrumentFilters.keys) == ["BTCUSDT"])
        #expect(adapter.instrumentFilters["BTCUSDT"]?.tickSize == (try Fixed("0.01")))
    }
}
