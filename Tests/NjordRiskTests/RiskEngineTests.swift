import NjordCore
import Testing

@testable import NjordRisk

@Suite struct RiskEngineTests {
    @Test func approvesAnOrderWithinEveryLimit() {
        var engine = standardEngine()
        let decision = engine.decide(limitOrder(.buy, "1", at: "100"))
        #expect(decision.approved)
        #expect(decision.failedRules.isEmpty)
        #expect(decision.intentId == "i1" && decision.strategyId == "s1" && decision.clientOrderId == "c1")
    }

    @Test func deniesOrderExceedingMaxNotional() {
        var engine = standardEngine()
        // Quote-amount intents are checked on the amount itself.
        #expect(engine.decide(quoteOrder(.buy, spend: "1000")).approved)
        let over = engine.decide(quoteOrder(.buy, spend: "1000.00000001"))
        #expect(over.rules == ["max_order_notional"])
        #expect(over.detail("max_order_notional") == "order notional 1000.00000001 exceeds 1000")
        // Limit orders at their limit price.
        #expect(engine.decide(limitOrder(.buy, "10", at: "100")).approved)
        #expect(engine.decide(limitOrder(.buy, "10", at: "100.01")).rules == ["max_order_notional"])
    }

    @Test func marketOrdersInBaseQuantityAreValuedExactlyAtTheReferencePrice() {
        var engine = standardEngine()
        engine.apply(marketPrice: .lastTrade(f("2000")), symbol: "BTCUSDT", at: day0)
        #expect(engine.decide(marketOrder(.buy, "0.5")).approved)
        // 0.5 × 2000.00000001 = 1000.000000005: half an ulp above the cap is still above it.
        engine.apply(marketPrice: .lastTrade(f("2000.00000001")), symbol: "BTCUSDT", at: day0)
        let over = engine.decide(marketOrder(.buy, "0.5"))
        #expect(over.rules == ["max_order_notional"])
        #expect(over.detail("max_order_notional") == "order notional 1000.00000001 exceeds 1000")
    }

    @Test func deniesEverythingWhileKillSwitchTripped() {
        for checks in [RiskCheck.live, RiskCheck.backtest] {
            var engine = standardEngine(checks: checks)
            engine.apply(killSwitch: trippedSwitch)
            for intent in [
                limitOrder(.buy, "1", at: "100"), limitOrder(.sell, "1", at: "100"), quoteOrder(.buy, spend: "10"),
            ] {
                let decision = engine.decide(intent)
                #expect(decision.rules == ["kill_switch"])
                #expect(decision.detail("kill_switch") == "kill switch tripped by ops: drill")
            }
            engine.apply(killSwitch: runningSwitch)
            #expect(engine.decide(limitOrder(.buy, "1", at: "100")).approved)
        }
    }

    @Test func failsClosedOnUnknownKillSwitchState() {
        var engine = RiskEngine(
            limits: standardLimits(checks: RiskCheck.backtest), instruments: ["BTCUSDT": centFilters],
            absentPositionsAreFlat: true)
        let decision = engine.decide(limitOrder(.buy, "1", at: "100"))
        #expect(decision.rules == ["kill_switch"])
        #expect(decision.detail("kill_switch") == "kill switch state unknown")
    }

    @Test func namesEveryFailedRuleInOneDecision() {
        var engine = standardEngine()
        engine.apply(killSwitch: trippedSwitch)
        // Off tick, off step, 50 % from the last trade, 15000 notional, on a price 10 s old.
        let decision = engine.decide(
            limitOrder(.buy, "100.000005", at: "150.005"), at: day0.adding(nanoseconds: 10 * second))
        #expect(!decision.approved)
        #expect(
            decision.rules == [
                "kill_switch", "price_filter", "lot_size", "stale_market_data", "max_order_notional",
                "max_position_notional", "price_band",
            ])
        #expect(decision.detail("price_filter") == "price 150.005 not a multiple of tick 0.01")
        #expect(decision.detail("lot_size") == "quantity 100.000005 not a multiple of step 0.00001")
        #expect(decision.detail("stale_market_data") == "BTCUSDT last trade is 10000 ms old; limit 5000 ms")
        #expect(decision.detail("max_order_notional") == "order notional 15000.50075003 exceeds 1000")
        #expect(decision.detail("price_band") == "limit price 150.005 is 5000.5 bps from last trade 100; band 500 bps")
    }

    @Test func failsClosedOnUnknownPosition() {
        var engine = standardEngine(absentPositionsAreFlat: false)
        let decision = engine.decide(limitOrder(.buy, "1", at: "100"))
        #expect(decision.rules == ["unknown_position"])
        #expect(decision.detail("unknown_position") == "position of s1 in BTCUSDT is unknown")
        engine.state.setPosition(PositionKey(strategyId: "s1", symbol: "BTCUSDT"), quantity: .zero, averagePrice: .zero)
        #expect(engine.decide(limitOrder(.buy, "1", at: "100")).approved)
        // Another strategy's unknown position in the same symbol blocks too; a fill does not make it known.
        engine.state.markUnknown(PositionKey(strategyId: "s2", symbol: "BTCUSDT"))
        engine.apply(fill: fill(.buy, "1", at: "100", strategy: "s2"), at: day0)
        #expect(
            engine.decide(limitOrder(.buy, "1", at: "100")).detail("unknown_position")
                == "position of s2 in BTCUSDT is unknown")
        // Gross and daily loss need every position: an unknown ETHUSDT position blocks BTCUSDT orders.
        engine.state.setPosition(
            PositionKey(strategyId: "s2", symbol: "BTCUSDT"), quantity: .one, averagePrice: f("100"))
        engine.state.markUnknown(PositionKey(strategyId: "s3", symbol: "ETHUSDT"))
        #expect(engine.decide(limitOrder(.buy, "1", at: "100")).rules == ["unknown_position"])
        engine.state.declareAbsentPositionsFlat()
        engine.state.setPosition(PositionKey(strategyId: "s3", symbol: "ETHUSDT"), quantity: .zero, averagePrice: .zero)
        #expect(engine.decide(limitOrder(.buy, "1", at: "100", strategy: "s9")).approved)
    }

    @Test func failsClosedOnStaleMarketData() {
        var engine = standardEngine()
        #expect(engine.decide(limitOrder(.buy, "1", at: "100"), at: day0.adding(nanoseconds: 5 * second)).approved)
        let stale = engine.decide(limitOrder(.buy, "1", at: "100"), at: day0.adding(nanoseconds: 5 * second + 1))
        #expect(stale.rules == ["stale_market_data"])
        #expect(stale.detail("stale_market_data") == "BTCUSDT last trade is 5000.000001 ms old; limit 5000 ms")
    }

    @Test func failsClosedWithoutAPrice() {
        var engine = standardEngine()
        engine.instruments["SOLUSDT"] = centFilters
        #expect(engine.decide(limitOrder(.buy, "1", at: "100", symbol: "SOLUSDT")).rules == ["unknown_price"])
        #expect(engine.decide(marketOrder(.buy, "1", symbol: "SOLUSDT")).rules == ["unknown_price"])
        engine.apply(marketPrice: .mid(f("100")), symbol: "SOLUSDT", at: day0)
        #expect(engine.decide(marketOrder(.buy, "1", symbol: "SOLUSDT")).approved)
    }

    @Test func deniesASymbolWithoutInstrumentFilters() {
        var engine = standardEngine()
        engine.apply(marketPrice: .lastTrade(f("1")), symbol: "XRPUSDT", at: day0)
        let decision = engine.decide(limitOrder(.buy, "10", at: "1", symbol: "XRPUSDT"))
        #expect(decision.rules == ["unknown_instrument"])
        #expect(decision.detail("unknown_instrument") == "no instrument filters for XRPUSDT")
    }

    @Test func quoteAmountIntentsMeetTheMinimumNotionalOnTheAmount() {
        var engine = standardEngine()
        #expect(engine.decide(quoteOrder(.buy, spend: "5")).approved)
        let small = engine.decide(quoteOrder(.buy, spend: "4.99999999"))
        #expect(small.rules == ["min_notional"])
        #expect(small.detail("min_notional") == "notional 4.99999999 below minimum 5")
    }

    @Test func tokenBucketRefillsOnTheInjectedClock() {
        let clock = ManualClock(start: day0)
        var engine = standardEngine()
        engine.limits.strategyOrderRate = OrderRateLimit(perSecond: 1, burst: 2)
        let order = limitOrder(.buy, "1", at: "100")
        #expect(engine.decide(order, at: clock.now()).approved)
        #expect(engine.decide(order, at: clock.now()).approved)
        let empty = engine.decide(order, at: clock.now())
        #expect(empty.rules == ["order_rate"])
        #expect(empty.detail("order_rate") == "strategy s1 order rate 1/s burst 2 exhausted")
        clock.advance(nanoseconds: second - 1)
        #expect(engine.decide(order, at: clock.now()).rules == ["order_rate"])
        clock.advance(nanoseconds: 1)
        #expect(engine.decide(order, at: clock.now()).approved)
        #expect(engine.decide(order, at: clock.now()).rules == ["order_rate"])
        // Another strategy has its own bucket.
        #expect(engine.decide(limitOrder(.buy, "1", at: "100", strategy: "s2"), at: clock.now()).approved)
    }

    @Test func deniedOrdersTakeNoRateTokens() {
        var engine = standardEngine()
        engine.limits.strategyOrderRate = OrderRateLimit(perSecond: 1, burst: 2)
        for _ in 0..<5 { #expect(engine.decide(quoteOrder(.buy, spend: "2000")).rules == ["max_order_notional"]) }
        #expect(engine.decide(limitOrder(.buy, "1", at: "100")).approved)
        #expect(engine.decide(limitOrder(.buy, "1", at: "100")).approved)
        #expect(engine.decide(limitOrder(.buy, "1", at: "100")).rules == ["order_rate"])
    }

    @Test func globalOrderRateIsSharedByAllStrategies() {
        var engine = standardEngine()
        engine.limits.globalOrderRate = OrderRateLimit(perSecond: 1, burst: 3)
        for strategy in ["s1", "s2", "s3"] {
            #expect(engine.decide(limitOrder(.buy, "1", at: "100", strategy: strategy)).approved)
        }
        let denied = engine.decide(limitOrder(.buy, "1", at: "100", strategy: "s4"))
        #expect(denied.rules == ["order_rate"])
        #expect(denied.detail("order_rate") == "global order rate 1/s burst 3 exhausted")
    }

    @Test func priceBandUsesLastTradeOrMid() {
        var engine = standardEngine(filters: .unrestricted)
        // A newer mid becomes the reference.
        engine.apply(marketPrice: .mid(f("200")), symbol: "BTCUSDT", at: day0.adding(nanoseconds: second))
        let at = day0.adding(nanoseconds: 2 * second)
        #expect(engine.decide(limitOrder(.buy, "1", at: "210"), at: at).approved)
        let above = engine.decide(limitOrder(.buy, "1", at: "210.00000001"), at: at)
        #expect(above.rules == ["price_band"])
        #expect(above.detail("price_band") == "limit price 210.00000001 is 500.0000005 bps from mid 200; band 500 bps")
        // A newer trade takes over again, on both sides of it.
        engine.apply(marketPrice: .lastTrade(f("100")), symbol: "BTCUSDT", at: at)
        #expect(engine.decide(limitOrder(.buy, "1", at: "105"), at: at).approved)
        #expect(engine.decide(limitOrder(.sell, "1", at: "95"), at: at).approved)
        #expect(engine.decide(limitOrder(.buy, "1", at: "105.00000001"), at: at).rules == ["price_band"])
        #expect(
            engine.decide(limitOrder(.sell, "1", at: "94.99999999"), at: at).detail("price_band")?.contains(
                "from last trade 100") == true)
    }

    @Test func deniesPositionNotionalOneUlpAboveTheCapAcrossStrategies() {
        var engine = standardEngine()
        engine.state.setPosition(
            PositionKey(strategyId: "s2", symbol: "BTCUSDT"), quantity: f("40.00000001"), averagePrice: f("100"))
        // 4000.000001 held by s2 plus 999.999999 from s1 is exactly 5000.
        #expect(engine.decide(quoteOrder(.buy, spend: "999.999999")).approved)
        let over = engine.decide(quoteOrder(.buy, spend: "999.99999901"))
        #expect(over.rules == ["max_position_notional"])
        #expect(
            over.detail("max_position_notional") == "BTCUSDT position notional after order 5000.00000001 exceeds 5000")
    }

    @Test func ordersReducingAPositionOverTheCapPass() {
        var engine = standardEngine()
        engine.state.setPosition(
            PositionKey(strategyId: "s1", symbol: "BTCUSDT"), quantity: f("60"), averagePrice: f("100"))
        #expect(engine.decide(limitOrder(.sell, "1", at: "100")).approved)
        #expect(engine.decide(limitOrder(.buy, "1", at: "100")).rules == ["max_position_notional"])
        // A short is exposure too.
        engine.state.setPosition(
            PositionKey(strategyId: "s1", symbol: "BTCUSDT"), quantity: f("-50"), averagePrice: f("100"))
        #expect(engine.decide(limitOrder(.sell, "1", at: "100")).rules == ["max_position_notional"])
        #expect(engine.decide(limitOrder(.buy, "1", at: "100")).approved)
    }

    @Test func deniesGrossNotionalOneUlpAboveTheCap() {
        var engine = standardEngine()
        engine.limits.maxPositionNotional = f("20000")
        engine.state.setPosition(
            PositionKey(strategyId: "s1", symbol: "BTCUSDT"), quantity: f("100"), averagePrice: f("100"))
        // A short counts by its magnitude: 9000.0000001.
        engine.state.setPosition(
            PositionKey(strategyId: "s2", symbol: "ETHUSDT"), quantity: f("-900.00000001"), averagePrice: f("10"))
        #expect(engine.decide(quoteOrder(.buy, spend: "999.9999999")).approved)
        let over = engine.decide(quoteOrder(.buy, spend: "999.99999991"))
        #expect(over.rules == ["max_gross_notional"])
        #expect(over.detail("max_gross_notional") == "gross notional after order 20000.00000001 exceeds 20000")
        // Covering the short reduces exposure.
        #expect(engine.decide(limitOrder(.buy, "1", at: "10", symbol: "ETHUSDT")).approved)
    }

    @Test func dailyLossAtTheLimitIsAllowed() {
        var engine = standardEngine()
        engine.apply(fill: fill(.buy, "10", at: "100"), at: day0)
        engine.apply(fill: fill(.sell, "10", at: "50"), at: day0)
        #expect(engine.state.realizedPnL == f("-500"))
        #expect(engine.decide(limitOrder(.buy, "1", at: "100")).approved)
    }

    @Test func dailyLossResetsAtTheConfiguredUtcHour() {
        var engine = standardEngine(resetHour: 7)
        let six = Timestamp(iso8601: "2024-08-09T06:00:00Z")!
        engine.apply(fill: fill(.buy, "10", at: "100"), at: six)
        engine.apply(fill: fill(.sell, "10", at: "49.99999999"), at: six)
        func decide(at time: Timestamp) -> RiskDecision {
            engine.apply(marketPrice: .lastTrade(f("100")), symbol: "BTCUSDT", at: time)
            return engine.decide(limitOrder(.buy, "1", at: "100"), at: time)
        }
        let denied = decide(at: six)
        #expect(denied.rules == ["daily_loss_limit"])
        #expect(
            denied.detail("daily_loss_limit")
                == "loss 500.0000001 (realized 500.0000001, unrealized 0) exceeds 500; only orders reducing exposure pass"
        )
        #expect(decide(at: Timestamp(iso8601: "2024-08-09T06:59:59.999999999Z")!).rules == ["daily_loss_limit"])
        #expect(decide(at: Timestamp(iso8601: "2024-08-09T07:00:00Z")!).approved)
        #expect(engine.state.realizedPnL == .zero)
    }

    @Test func dailyLossCountsUnrealizedLossAndLetsExposureShrink() {
        var engine = standardEngine()
        engine.apply(fill: fill(.buy, "10", at: "100"), at: day0)
        engine.apply(marketPrice: .lastTrade(f("50")), symbol: "BTCUSDT", at: day0)
        #expect(engine.decide(limitOrder(.buy, "1", at: "50")).approved)
        engine.apply(marketPrice: .lastTrade(f("49.99999999")), symbol: "BTCUSDT", at: day0)
        let denied = engine.decide(limitOrder(.buy, "1", at: "50"))
        #expect(denied.rules == ["daily_loss_limit"])
        #expect(
            denied.detail("daily_loss_limit")?.hasPrefix("loss 500.0000001 (realized 0, unrealized 500.0000001)")
                == true)
        #expect(engine.decide(limitOrder(.sell, "1", at: "50")).approved)
    }

    @Test func backtestProfileChecksOnlyFiltersAndKillSwitch() {
        var engine = RiskEngine(
            limits: standardLimits(checks: RiskCheck.backtest), instruments: ["BTCUSDT": centFilters],
            absentPositionsAreFlat: false)
        engine.apply(killSwitch: runningSwitch)
        // No prices, unknown positions, 50000 notional, far past any order rate: all approved.
        for _ in 0..<50 { #expect(engine.decide(limitOrder(.buy, "500", at: "100")).approved) }
        #expect(engine.decide(limitOrder(.buy, "0.000001", at: "100")).rules == ["lot_size", "min_notional"])
        // A market order's minimum notional needs a price: fail closed.
        #expect(engine.decide(marketOrder(.buy, "1")).rules == ["unknown_price"])
        engine.apply(killSwitch: trippedSwitch)
        #expect(engine.decide(limitOrder(.buy, "1", at: "100")).rules == ["kill_switch"])
    }

    @Test func absurdSizesAndPricesAreDeniedNotTrapped() {
        var engine = standardEngine()
        let huge = Fixed(raw: .max)
        let spend = try! OrderIntent(
            strategyId: "s1", clientOrderId: "c1", symbol: "BTCUSDT", side: .buy, orderType: .market, quantity: nil,
            quoteAmount: huge, limitPrice: nil, timeInForce: .ioc, reason: "test")
        #expect(engine.decide(spend).rules == ["max_order_notional", "max_position_notional", "max_gross_notional"])
        let negative = try! OrderIntent(
            strategyId: "s1", clientOrderId: "c1", symbol: "BTCUSDT", side: .buy, orderType: .market, quantity: nil,
            quoteAmount: Fixed(raw: .min), limitPrice: nil, timeInForce: .ioc, reason: "test")
        #expect(engine.decide(negative).rules.contains("max_order_notional"))
        let farPrice = try! OrderIntent(
            strategyId: "s1", clientOrderId: "c1", symbol: "BTCUSDT", side: .sell, orderType: .limit, quantity: .one,
            quoteAmount: nil, limitPrice: huge, timeInForce: .gtc, reason: "test")
        #expect(engine.decide(farPrice).rules.contains("price_band"))
    }
}
