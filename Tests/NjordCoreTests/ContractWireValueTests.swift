import Foundation
import NjordCore
import Testing

/// Decimals and strings travel through the wire exactly.
@Suite struct ContractWireValueTests {
    func event(reason: String, quantity: Fixed) throws -> EventEnvelope {
        let intent = try OrderIntent(
            strategyId: reason, clientOrderId: "c", symbol: "BTCUSDT", side: .buy, orderType: .market,
            quantity: quantity, quoteAmount: nil, limitPrice: nil, timeInForce: .ioc, reason: reason)
        return EventEnvelope(
            id: reason, source: "test", sequence: 1, eventTime: Timestamp(nanosecondsSinceEpoch: 1),
            receiveTime: Timestamp(nanosecondsSinceEpoch: 2), payload: .orderIntent(intent))
    }

    @Test func decimalsRoundTripExactlyAcrossMagnitudes() throws {
        var rng = SplitMix64(seed: 42)
        var values: [Fixed] = [.zero, .ulp, -.ulp, .max, -.max, .min, try Fixed("61837.63"), try Fixed("0.00000001")]
        for _ in 0..<2000 {
            let digits = Int.random(in: 0...30, using: &rng)
            var raw = Int128(Int64.random(in: .min ... .max, using: &rng))
            for _ in 0..<(digits / 10) { raw = raw.multipliedReportingOverflow(by: 1_000).partialValue }
            values.append(Fixed(raw: raw))
        }
        for value in values {
            let e = try event(reason: "r", quantity: value)
            let wire = e.jsonString
            #expect(wire.contains("\"quantity\":\"\(value.description)\""))
            let back = try EventEnvelope(json: wire)
            guard case .orderIntent(let intent) = back.payload else {
                Issue.record("wrong payload")
                continue
            }
            #expect(intent.quantity == value)
        }
    }

    /// Large events take the encoder's growable path; small ones its stack buffer. Both must
    /// write the same canonical bytes.
    @Test func largeEventsEncodeCanonicallyToo() throws {
        var bids: [PriceLevel] = []
        for i in 0..<2000 {
            bids.append(
                PriceLevel(
                    price: Fixed(raw: 6_183_763_000_000 - Int128(i) * 1_000_000), qty: Fixed(raw: Int128(i + 1) * 1_000)
                ))
        }
        let book = BookSnapshot(venue: "binance", symbol: "BTCUSDT", lastUpdateId: 1, bids: bids, asks: [])
        let bookEvent = EventEnvelope(
            id: "b", source: "s", sequence: 1, eventTime: Timestamp(nanosecondsSinceEpoch: 1),
            receiveTime: Timestamp(nanosecondsSinceEpoch: 1), payload: .bookSnapshot(book))
        let bytes = bookEvent.encoded()
        #expect(bytes.count > 40_000)
        #expect(try EventEnvelope(json: bytes) == bookEvent)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#"["61837.63","0.00001"],["61837.62","0.00002"]"#))
        let long = String(repeating: "\u{1}\"é", count: 3000)
        let longEvent = try self.event(reason: long, quantity: .one)
        #expect(try EventEnvelope(json: longEvent.encoded()) == longEvent)
    }

    @Test func zeroPaddedDecimalsDecodeAndReencodeCanonically() throws {
        let line = String(decoding: try ContractFixtures.line(.trade), as: UTF8.self)
            .replacingOccurrences(of: #""price":"61837.63""#, with: #""price":"61837.63000000""#)
            .replacingOccurrences(of: #""qty":"0.02""#, with: #""qty":"0.0200000000""#)
        let event = try EventEnvelope(json: line)
        #expect(event.encoded() == (try ContractFixtures.line(.trade)))
    }

    @Test func stringsWithQuotesBackslashesControlsAndUnicodeRoundTrip() throws {
        let allControls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let samples = [
            "", "plain", #"say "hi""#, #"C:\path\"#, allControls, "\u{7F}", "é e\u{301} 北京 😀 \u{10FFFF}",
            "</script>", "\\u0000", "a\"\\\u{1}b",
        ]
        for sample in samples {
            let e = try event(reason: sample, quantity: .one)
            let bytes = e.encoded()
            #expect(!bytes.contains { $0 < 0x20 }, "raw control byte written for \(sample.debugDescription)")
            let back = try EventEnvelope(json: bytes)
            #expect(back == e)
            guard case .orderIntent(let intent) = back.payload else { continue }
            #expect(Array(intent.reason.utf8) == Array(sample.utf8))
            // Foundation reads the same string back from our bytes.
            let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
            #expect((object?["id"] as? String).map { Array($0.utf8) } == Array(sample.utf8))
        }
    }

    @Test func escapesInInputDecodeToTheirCharacters() throws {
        let line = String(decoding: try ContractFixtures.line(.trade), as: UTF8.self)
            .replacingOccurrences(of: #""id":"md-ingest:1042""#, with: #""id":"a\/b\n\u00e9\ud83d\ude00\"""#)
            .replacingOccurrences(of: #""symbol":"BTCUSDT""#, with: #""symbol":"\u0042TCUSDT""#)
            .replacingOccurrences(of: #""side":"sell""#, with: #""side":"s\u0065ll""#)
        let event = try EventEnvelope(json: line)
        #expect(event.id == "a/b\né😀\"")
        guard case .trade(let trade) = event.payload else {
            Issue.record("wrong payload")
            return
        }
        #expect(trade.symbol == "BTCUSDT")
        #expect(trade.side == .sell)
    }

    @Test func invalidEscapesAndInvalidUTF8AreRejected() throws {
        let line = try ContractFixtures.line(.trade)
        let text = String(decoding: line, as: UTF8.self)
        for bad in [#"\ud800"#, #"\udc00"#, #"\ud800\u0041"#, #"\u12"#, #"\uZZZZ"#, #"\x"#, #"\'"#] {
            let variant = text.replacingOccurrences(of: #""id":"md-ingest:1042""#, with: "\"id\":\"\(bad)\"")
            #expect(throws: ContractError.self) { try EventEnvelope(json: variant) }
        }
        for badBytes: [UInt8] in [
            [0xFF], [0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x0A],
        ] {
            let prefix = Array(#"{"type":"md.trade","v":1,"id":""#.utf8)
            let bytes = prefix + badBytes + Array(line[(prefix.count + "md-ingest:1042".utf8.count)...])
            #expect(throws: ContractError.self) { try EventEnvelope(json: bytes) }
        }
    }
}
