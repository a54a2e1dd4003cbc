import NjordCore
import Testing

@Suite struct ContractErrorTests {
    let trade =
        #"{"type":"md.trade","v":1,"id":"a","src":"s","seq":1,"ts":2,"rts":3,"data":{"venue":"binance","symbol":"BTCUSDT","trade_id":7,"price":"61837.63","qty":"0.02","side":"sell"}}"#

    func error(_ text: String) -> ContractError? {
        do {
            _ = try EventEnvelope(json: text)
            return nil
        } catch {
            return error
        }
    }

    func replacing(_ old: String, with new: String) -> String {
        let replaced = trade.replacingOccurrences(of: old, with: new)
        precondition(replaced != trade, "test typo: \(old) not in the trade")
        return replaced
    }

    @Test func malformedDecimalNamesItsFieldAndTheParserError() {
        let e = error(replacing(#""price":"61837.63""#, with: #""price":"6.1e4""#))
        #expect(e == .malformedDecimal(path: "data.price", .exponentNotAllowed))
        #expect(e?.description.hasPrefix("data.price: malformed decimal: ") == true)
        #expect(
            error(replacing(#""qty":"0.02""#, with: #""qty":"0.000000001""#))
                == .malformedDecimal(path: "data.qty", .tooManyFractionDigits))
        #expect(
            error(replacing(#""qty":"0.02""#, with: #""qty":" 0.02""#))
                == .malformedDecimal(path: "data.qty", .unexpectedCharacter(offset: 0)))
    }

    @Test func unsupportedVersionIsReportedOnV() {
        let e = error(replacing(#""v":1"#, with: #""v":2"#))
        #expect(e == .unsupportedVersion(2))
        #expect(e?.description.hasPrefix("v: unsupported version 2") == true)
    }

    @Test func versionIsCheckedBeforeAnUnknownType() {
        let text = replacing(#""type":"md.trade","v":1"#, with: #""type":"md.trade2","v":2"#)
        #expect(error(text) == .unsupportedVersion(2))
        #expect(error(replacing(#""md.trade""#, with: #""md.trades""#)) == .unknownType("md.trades"))
    }

    @Test func levelErrorsNameTheLevelAndItsPosition() throws {
        var line = String(decoding: try ContractFixtures.line(.bookSnapshot), as: UTF8.self)
        line = line.replacingOccurrences(of: #"["61836.01","0.0157"]"#, with: #"["61836.01x","0.0157"]"#)
        let e = error(line)
        #expect(e == .malformedDecimal(path: "data.bids[3][0]", .unexpectedCharacter(offset: 8)))
        #expect(e?.description.hasPrefix("data.bids[3][0]: ") == true)
        let short = String(decoding: try ContractFixtures.line(.bookSnapshot), as: UTF8.self)
            .replacingOccurrences(of: #"["61837.65","0.00843"]"#, with: #"["61837.65"]"#)
        #expect(error(short) == .missingField(path: "data.asks[1][1]"))
        let triple = String(decoding: try ContractFixtures.line(.bookSnapshot), as: UTF8.self)
            .replacingOccurrences(of: #"["61837.65","0.00843"]"#, with: #"["61837.65","0.00843","1"]"#)
        #expect(error(triple) == .ruleViolated(path: "data.asks[1]", reason: "a level is a [price, qty] pair"))
    }

    @Test func missingAndDuplicateFieldsAreNamed() {
        #expect(error(replacing(#","side":"sell""#, with: "")) == .missingField(path: "data.side"))
        #expect(error(replacing(#""seq":1,"#, with: "")) == .missingField(path: "seq"))
        #expect(
            error(replacing(#""trade_id":7"#, with: #""trade_id":7,"trade_id":8"#))
                == .duplicateField(path: "data.trade_id"))
    }

    @Test func wrongTypesAreNamed() {
        #expect(
            error(replacing(#""price":"61837.63""#, with: #""price":61837.63"#))
                == .wrongType(path: "data.price", expected: "string", found: "number"))
        #expect(
            error(replacing(#""seq":1"#, with: #""seq":"1""#))
                == .wrongType(path: "seq", expected: "integer", found: "string"))
        #expect(error(replacing(#""data":{"#, with: #""data":[{"#)) != nil)
        #expect(
            error(replacing(#""side":"sell""#, with: #""side":"SELL""#))
                == .unknownValue(path: "data.side", value: "SELL", allowed: ["buy", "sell"]))
    }

    @Test func nonIntegerAndOutOfRangeNumbersAreRejected() {
        for bad in [
            "1.0", "1e3", "1E+2", "9223372036854775808", "-9223372036854775809", "NaN", "Infinity", "-Infinity",
            "1e999", "01", "-", "+1",
        ] {
            let e = error(replacing(#""trade_id":7"#, with: #""trade_id":\#(bad)"#))
            #expect(e != nil, "\(bad) accepted")
            #expect(e.map(ContractFixtures.namesLocation) == true, "\(bad): \(String(describing: e))")
        }
        #expect(error(replacing(#""trade_id":7"#, with: #""trade_id":-9223372036854775808"#)) == nil)
        #expect(error(replacing(#""seq":1"#, with: #""seq":18446744073709551615"#)) == nil)
        #expect(
            error(replacing(#""seq":1"#, with: #""seq":18446744073709551616"#))
                == .malformedInteger(path: "seq", reason: "out of the range of a 64-bit integer"))
        #expect(error(replacing(#""seq":1"#, with: #""seq":-1"#)) != nil)
    }

    @Test func unknownKeysAreIgnoredAnywhere() throws {
        let extra = replacing(#""src":"s","#, with: #""src":"s","trace":{"a":[1.5,-2e10,true,null,"\u00e9"]},"#)
            .replacingOccurrences(of: #""side":"sell""#, with: #""side":"sell","maker_order":null"#)
        let event = try EventEnvelope(json: extra)
        #expect(event == (try EventEnvelope(json: trade)))
        #expect(event.encoded() == Array(trade.utf8))
    }

    @Test func unknownKeysStillMustBeValidJSON() {
        for bad in ["1e999", "-1e400", "[1,]", "{\"a\"}", "\"\\x\"", "tru", "01", "\"\\ud800\""] {
            #expect(error(replacing(#""src":"s","#, with: #""src":"s","x":\#(bad),"#)) != nil, "\(bad) accepted")
        }
    }

    @Test func keyOrderAndWhiteSpaceDoNotMatter() throws {
        let reordered =
            #" { "data" : {"side":"sell","qty":"0.02","price":"61837.630","trade_id":7,"symbol":"BTCUSDT","venue":"binance"},"rts":3,"ts":2,"seq":1,"src":"s","id":"a","v":1,"type":"md.trade" } "#
        let event = try EventEnvelope(json: reordered)
        #expect(event.encoded() == Array(trade.utf8))
    }

    @Test func deferredPayloadStillReportsItsErrors() {
        let reordered =
            #"{"data":{"venue":"binance"},"type":"md.trade","v":1,"id":"a","src":"s","seq":1,"ts":2,"rts":3}"#
        #expect(error(reordered) == .missingField(path: "data.symbol"))
        let unknown = #"{"data":{},"type":"nope","v":1,"id":"a","src":"s","seq":1,"ts":2,"rts":3}"#
        #expect(error(unknown) == .unknownType("nope"))
    }

    @Test func strayOrMissingCommasBetweenKeysAreRejected() {
        #expect(error(replacing(#"{"type""#, with: #"{,"type""#)) != nil)
        #expect(error(replacing(#""data":{"venue""#, with: #""data":{,"venue""#)) != nil)
        #expect(error(replacing(#""data":{"venue""#, with: #""data":{"x":1 "venue""#)) != nil)
        #expect(error(replacing(#","symbol""#, with: #" "symbol""#)) != nil)
        #expect(error(replacing(#","symbol""#, with: #",,"symbol""#)) != nil)
        #expect(error(replacing(#""sell"}"#, with: #""sell",}"#)) != nil)
    }

    @Test func trailingBytesAreRejectedWithTheirOffset() {
        #expect(error(trade + " x") == .trailingBytes(offset: trade.utf8.count + 1))
        #expect(error(trade + "\n" + trade) == .trailingBytes(offset: trade.utf8.count + 1))
        #expect(error(trade + " \n\t\r") == nil)
    }

    @Test func deepNestingIsBoundedWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000)
        let e = error(replacing(#""src":"s","#, with: #""src":"s","x":\#(deep)"#))
        guard case .tooDeep = e else {
            Issue.record("expected tooDeep, got \(String(describing: e))")
            return
        }
    }

    @Test func emptyAndNonObjectInputsAreRejected() {
        for bad in ["", " ", "null", "[]", "\"md.trade\"", "{", "}", "{}"] {
            let e = error(bad)
            #expect(e != nil)
            #expect(e.map(ContractFixtures.namesLocation) == true, "\(bad): \(String(describing: e))")
        }
    }

    @Test func orderIntentNeedsExactlyOneSize() throws {
        var line = String(decoding: try ContractFixtures.line(.orderIntent), as: UTF8.self)
        line = line.replacingOccurrences(of: #""quote_amount":null"#, with: #""quote_amount":"100""#)
        #expect(
            error(line)
                == .ruleViolated(
                    path: "data.quote_amount", reason: "exactly one of quantity and quote_amount must be set"))
        #expect(throws: ContractError.self) {
            try OrderIntent(
                strategyId: "s", clientOrderId: "c", symbol: "BTCUSDT", side: .buy, orderType: .market, quantity: nil,
                quoteAmount: nil, limitPrice: nil, timeInForce: .gtc, reason: "")
        }
    }

    @Test func limitOrderNeedsALimitPrice() throws {
        let line = String(decoding: try ContractFixtures.line(.orderIntent), as: UTF8.self)
            .replacingOccurrences(of: #""limit_price":"61830""#, with: #""limit_price":null"#)
        #expect(error(line) == .ruleViolated(path: "data.limit_price", reason: "a limit order needs a limit price"))
    }

    @Test func riskDecisionDenialNamesItsRulesAndApprovalHasNone() throws {
        let denied = String(decoding: try ContractFixtures.line(.riskDecision), as: UTF8.self)
        #expect(error(denied.replacingOccurrences(of: #""approved":false"#, with: #""approved":true"#)) != nil)
        let noRules =
            #"{"type":"risk.decision","v":1,"id":"r","src":"risk","seq":1,"ts":1,"rts":1,"data":{"intent_id":"i","strategy_id":"s","client_order_id":"c","approved":false,"failed_rules":[]}}"#
        #expect(error(noRules) == .ruleViolated(path: "data.failed_rules", reason: "a denial names its failed rules"))
        let approved = noRules.replacingOccurrences(of: "false", with: "true")
        #expect(error(approved) == nil)
        let badRule = denied.replacingOccurrences(of: #"{"rule":"max_order_rate","#, with: #"{"rule":7,"#)
        #expect(error(badRule) == .wrongType(path: "data.failed_rules[1].rule", expected: "string", found: "number"))
    }

    @Test func heartbeatCounterErrorsNameTheCounter() throws {
        let line = String(decoding: try ContractFixtures.line(.heartbeat), as: UTF8.self)
        #expect(
            error(line.replacingOccurrences(of: #""gaps":2"#, with: #""gaps":2.5"#))
                == .malformedInteger(
                    path: "data.counters.gaps", reason: "a fraction or exponent where an integer is required"))
        #expect(
            error(line.replacingOccurrences(of: #""gaps":2"#, with: #""gaps":2,"gaps":3"#))
                == .duplicateField(path: "data.counters.gaps"))
    }
}
