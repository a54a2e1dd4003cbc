import NjordCore
import NjordMarketData
import Testing

/// Binance spot frames map exactly onto the contract payloads; malformed frames name the field.
@Suite struct BinanceSpotParserTests {
    let parser = BinanceSpotParser(snapshotSymbol: "BTCUSDT")

    @Test func combinedStreamTradeMapsToATradeWithTheTakerSide() throws {
        let frame =
            #"{"stream":"btcusdt@trade","data":{"e":"trade","E":1723161255343,"s":"BTCUSDT","t":3735683259,"p":"61837.63000000","q":"0.02000000","T":1723161255342,"m":true,"M":true}}"#
        let message = try parser.parse(frame)
        let expected = Trade(
            venue: "binance", symbol: "BTCUSDT", tradeId: 3_735_683_259, price: try Fixed("61837.63"),
            qty: try Fixed("0.02"), side: .sell)
        #expect(message == .trade(expected, eventTimeMs: 1_723_161_255_343, tradeTimeMs: 1_723_161_255_342))
        let buyerTakes = try parser.parse(frame.replacingOccurrences(of: #""m":true"#, with: #""m":false"#))
        guard case .trade(let trade, _, _) = buyerTakes else { Issue.record("not a trade"); return }
        #expect(trade.side == .buy)
    }

    @Test func depthUpdateMapsToABookDeltaWithItsUpdateIdRange() throws {
        let frame =
            #"{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1723161255308,"s":"BTCUSDT","U":50093239203,"u":50093239207,"b":[["55653.87000000","0.00000000"]],"a":[["61838.04000000","0.32332000"],["61844.30000000","0.40163000"]]}}"#
        let expected = BookDelta(
            venue: "binance", symbol: "BTCUSDT", firstUpdateId: 50_093_239_203, lastUpdateId: 50_093_239_207,
            bids: [PriceLevel(price: try Fixed("55653.87"), qty: .zero)],
            asks: [
                PriceLevel(price: try Fixed("61838.04"), qty: try Fixed("0.32332")),
                PriceLevel(price: try Fixed("61844.3"), qty: try Fixed("0.40163")),
            ])
        #expect(try parser.parse(frame) == .depthUpdate(expected, eventTimeMs: 1_723_161_255_308))
    }

    @Test func bookTickerMapsToTopOfBook() throws {
        let frame =
            #"{"stream":"btcusdt@bookTicker","data":{"u":50093239212,"s":"BTCUSDT","b":"61837.63000000","B":"3.78826000","a":"61837.64000000","A":"1.54698000"}}"#
        let expected = TopOfBook(
            venue: "binance", symbol: "BTCUSDT", updateId: 50_093_239_212, bid: try Fixed("61837.63"),
            bidQty: try Fixed("3.78826"), ask: try Fixed("61837.64"), askQty: try Fixed("1.54698"))
        #expect(try parser.parse(frame) == .bookTicker(expected))
    }

    @Test func restDepthSnapshotMapsToABookSnapshotUnderTheParsersSymbol() throws {
        let frame =
            #"{"lastUpdateId":50093239218,"bids":[["61837.63000000","3.78826000"],["61837.62000000","0.61700000"]],"asks":[["61837.64000000","1.92853000"]]}"#
        let expected = BookSnapshot(
            venue: "binance", symbol: "BTCUSDT", lastUpdateId: 50_093_239_218,
            bids: [
                PriceLevel(price: try Fixed("61837.63"), qty: try Fixed("3.78826")),
                PriceLevel(price: try Fixed("61837.62"), qty: try Fixed("0.617")),
            ],
            asks: [PriceLevel(price: try Fixed("61837.64"), qty: try Fixed("1.92853"))])
        #expect(try parser.parse(frame) == .depthSnapshot(expected))
    }

    @Test func bareEventWithoutTheCombinedWrapperParses() throws {
        let frame = #"{"e":"trade","E":1,"s":"ETHUSDT","t":7,"p":"1.5","q":"2","T":1,"m":false}"#
        guard case .trade(let trade, _, _) = try parser.parse(frame) else { Issue.record("not a trade"); return }
        #expect(trade.symbol == "ETHUSDT" && trade.tradeId == 7 && trade.side == .buy)
    }

    @Test(arguments: [
        (
            #"{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"1.5x","q":"2","T":1,"m":true}}"#,
            "data.p"
        ),
        (
            #"{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"1.5","T":1,"m":true}}"#,
            "data.q"
        ),
        (
            #"{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":"1","p":"1.5","q":"2","T":1,"m":true}}"#,
            "data.t"
        ),
        (
            #"{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"1.5","q":"2","T":1,"m":"yes"}}"#,
            "data.m"
        ),
        (
            #"{"stream":"btcusdt@depth","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":2,"b":[["1.0"]],"a":[]}}"#,
            "data.b[0][1]"
        ),
        (
            #"{"stream":"btcusdt@depth","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":2,"b":[],"a":[["1.0","1e5"]]}}"#,
            "data.a[0][1]"
        ),
        (#"{"stream":"btcusdt@depth","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","u":2,"b":[],"a":[]}}"#, "data.U"),
        (#"{"stream":"btcusdt@bookTicker","data":{"u":1,"s":"BTCUSDT","b":"1","B":"1","a":"2"}}"#, "data.A"),
        (#"{"lastUpdateId":5,"bids":[["1","1"]]}"#, "asks"),
        (#"{"lastUpdateId":5,"bids":[["1","1"],["2",]],"asks":[]}"#, "bids[1][1]"),
        (#"{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"1.5","q":"2""#, "data"),
        (#"{"stream":"btcusdt@trade","data":{"e":"trade","E":99999999999999999999,"s":"BTCUSDT"}}"#, "data.E"),
    ])
    func malformedFrameThrowsAnErrorNamingTheField(frame: String, field: String) {
        #expect {
            _ = try parser.parse(frame)
        } throws: { error in
            (error as? BinanceParseError)?.field == field
        }
    }

    @Test func unsupportedEventsAreReportedByName() {
        #expect(throws: BinanceParseError.unsupportedEvent("kline")) {
            _ = try parser.parse(#"{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1,"s":"BTCUSDT","k":{}}}"#)
        }
        #expect(throws: BinanceParseError.unsupportedEvent("result")) {
            _ = try parser.parse(#"{"result":null,"id":1}"#)
        }
    }
}
