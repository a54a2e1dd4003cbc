import NjordCore
import Testing

@Suite struct OrderCancelContractTests {
    func error(_ text: String) -> ContractError? {
        do {
            _ = try EventEnvelope(json: text)
            return nil
        } catch {
            return error
        }
    }

    func fixture() throws -> String {
        String(decoding: try ContractFixtures.line(.orderCancel), as: UTF8.self)
    }

    @Test func cancelFixtureHoldsTheExpectedValues() throws {
        let event = try EventEnvelope(json: try fixture())
        let expected = OrderCancel(
            strategyId: "trend-1", clientOrderId: "trend-1-000017", symbol: "BTCUSDT",
            reason: "band \"upper\" moved away")
        #expect(event.payload == .orderCancel(expected))
        #expect(event.type == .orderCancel)
    }

    @Test func encodedCancelDecodesToAnEqualValue() throws {
        let cancel = OrderCancel(
            strategyId: "mr-1", clientOrderId: "mr-1-7", symbol: "ETHUSDT", reason: "kill switch ✓")
        let event = EventEnvelope(
            id: "s:9", source: "s", sequence: 9, eventTime: Timestamp(nanosecondsSinceEpoch: 5),
            receiveTime: Timestamp(nanosecondsSinceEpoch: 6), payload: .orderCancel(cancel))
        let wire = event.jsonString
        #expect(wire.hasPrefix(#"{"type":"order.cancel","v":1,"#))
        #expect(
            wire.hasSuffix(
                #""data":{"strategy_id":"mr-1","client_order_id":"mr-1-7","symbol":"ETHUSDT","reason":"kill switch ✓"}}"#
            ))
        #expect(try EventEnvelope(json: wire) == event)
    }

    @Test func missingOrMistypedCancelFieldsAreNamed() throws {
        let line = try fixture()
        #expect(
            error(line.replacingOccurrences(of: #""symbol":"BTCUSDT","#, with: ""))
                == .missingField(path: "data.symbol"))
        #expect(
            error(line.replacingOccurrences(of: #""client_order_id":"trend-1-000017""#, with: #""client_order_id":17"#))
                == .wrongType(path: "data.client_order_id", expected: "string", found: "number"))
        #expect(
            error(line.replacingOccurrences(of: #""reason":"#, with: #""reason":"a","reason":"#))
                == .duplicateField(path: "data.reason"))
    }

    @Test func cancelWithoutAnOrderIdIsRejected() throws {
        let line = try fixture().replacingOccurrences(
            of: #""client_order_id":"trend-1-000017""#, with: #""client_order_id":"""#)
        #expect(
            error(line)
                == .ruleViolated(path: "data.client_order_id", reason: "a cancel names the order it cancels"))
    }

    @Test func unknownExtraKeysInACancelAreIgnored() throws {
        let line = try fixture().replacingOccurrences(of: #""reason":"#, with: #""extra":{"a":[1,2]},"reason":"#)
        let event = try EventEnvelope(json: line)
        #expect(event.type == .orderCancel)
    }

    @Test func fillStatusesTravelAsSnakeCase() throws {
        let line = String(decoding: try ContractFixtures.line(.orderEvent), as: UTF8.self)
        for (status, wire) in [(OrderStatus.partiallyFilled, "partially_filled"), (.filled, "filled")] {
            let event = try EventEnvelope(
                json: line.replacingOccurrences(of: #""status":"accepted""#, with: "\"status\":\"\(wire)\""))
            guard case .orderEvent(let orderEvent) = event.payload else {
                Issue.record("expected an order event")
                continue
            }
            #expect(orderEvent.status == status)
            #expect(event.jsonString.contains("\"status\":\"\(wire)\""))
        }
        #expect(
            error(line.replacingOccurrences(of: #""status":"accepted""#, with: #""status":"partiallyFilled""#))
                != nil)
    }
}
