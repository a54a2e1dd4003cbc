import NjordConsole
import NjordCore
import Testing

/// The reducer, one rule per event type it folds in.
@Suite struct ConsoleReducerTests {
    typealias S = ConsoleSamples

    func model(_ events: [ConsoleEvent]) -> ConsoleModel {
        var model = ConsoleModel(identity: "console:t@h", now: S.start)
        for (i, e) in events.enumerated() { ConsoleReducer.reduce(e, into: &model, at: S.at(seconds: Double(i) * 0.1)) }
        return model
    }

    @Test func tradesSetLastPriceChangeFromTheFirstAndFillTheTape() {
        let m = model([
            S.trade("BTCUSDT", "100", "1", .buy, seq: 1), S.trade("BTCUSDT", "110", "2", .sell, seq: 2),
        ])
        let market = m.markets["BTCUSDT"]!
        #expect(market.last == S.f("110"))
        #expect(market.reference == S.f("100"))
        #expect(market.tape.elements.map(\.price) == [S.f("100"), S.f("110")])
        #expect(market.tape.elements.last?.side == .sell)
        #expect(market.trades == 2)
        #expect(m.symbols == ["BTCUSDT"])
    }

    @Test func missingSequenceNumbersOnATopicCountAsGaps() {
        let m = model([
            S.trade("BTCUSDT", "100", "1", .buy, seq: 1), S.trade("BTCUSDT", "100", "1", .buy, seq: 5),
            S.tob("BTCUSDT", "99", "101", seq: 1), S.tob("BTCUSDT", "99", "101", seq: 2),
        ])
        #expect(m.markets["BTCUSDT"]!.gaps == 3)
    }

    @Test func topOfBookSetsBidAskAndSpread() {
        let m = model([S.tob("ETHUSDT", "2999.5", "3000.25", seq: 1)])
        #expect(m.markets["ETHUSDT"]!.bid == S.f("2999.5"))
        #expect(m.markets["ETHUSDT"]!.ask == S.f("3000.25"))
        #expect(m.markets["ETHUSDT"]!.spread == S.f("0.75"))
    }

    @Test func aBookSnapshotReplacesTheLadderBestFirst() {
        let m = model([S.book("BTCUSDT", mid: 100, levels: 5, updateId: 7)])
        let market = m.markets["BTCUSDT"]!
        #expect(market.bids.map(\.price) == [99, 98, 97, 96, 95].map { Fixed($0) })
        #expect(market.asks.map(\.price) == [101, 102, 103, 104, 105].map { Fixed($0) })
        #expect(market.bookUpdateId == 7)
        #expect(market.bid == Fixed(99) && market.ask == Fixed(101))
    }

    @Test func deltasChangeAndRemoveLevelsAndAJumpInUpdateIdsIsAGap() {
        let delta = BookDelta(
            venue: "sim", symbol: "BTCUSDT", firstUpdateId: 8, lastUpdateId: 9,
            bids: [PriceLevel(price: Fixed(99), qty: .zero), PriceLevel(price: Fixed(98), qty: Fixed(5))],
            asks: [PriceLevel(price: Fixed(100), qty: Fixed(1))])
        let jump = BookDelta(
            venue: "sim", symbol: "BTCUSDT", firstUpdateId: 20, lastUpdateId: 21, bids: [], asks: [])
        let m = model([
            S.book("BTCUSDT", mid: 100, levels: 3, updateId: 7),
            S.message(Topics.bookDeltas("BTCUSDT"), .bookDelta(delta), seq: 1),
            S.message(Topics.bookDeltas("BTCUSDT"), .bookDelta(jump), seq: 2),
        ])
        let market = m.markets["BTCUSDT"]!
        #expect(market.bids.first == PriceLevel(price: Fixed(98), qty: Fixed(5)))
        #expect(market.asks.first == PriceLevel(price: Fixed(100), qty: Fixed(1)))
        #expect(market.bid == Fixed(98) && market.ask == Fixed(100))
        #expect(market.gaps == 1)
        #expect(market.bookUpdateId == 21)
    }

    @Test func levelsCrossedByANewerDeltaOrTopOfBookAreDropped() {
        let moved = BookDelta(
            venue: "sim", symbol: "BTCUSDT", firstUpdateId: 8, lastUpdateId: 8,
            bids: [PriceLevel(price: Fixed(102), qty: Fixed(1))], asks: [PriceLevel(price: Fixed(103), qty: Fixed(1))])
        let m = model([
            S.book("BTCUSDT", mid: 100, levels: 3, updateId: 7),
            S.message(Topics.bookDeltas("BTCUSDT"), .bookDelta(moved)),
        ])
        #expect(m.markets["BTCUSDT"]!.asks.map(\.price) == [Fixed(103)])
        #expect(m.markets["BTCUSDT"]!.bids.first?.price == Fixed(102))
        let top = model([S.book("BTCUSDT", mid: 100, levels: 3, updateId: 7), S.tob("BTCUSDT", "98", "102", seq: 1)])
        #expect(top.markets["BTCUSDT"]!.bids.map(\.price) == [Fixed(98), Fixed(97)])
        #expect(top.markets["BTCUSDT"]!.asks.map(\.price) == [Fixed(102), Fixed(103)])
    }

    @Test func deltasBeforeAnySnapshotAreIgnored() {
        let delta = BookDelta(
            venue: "sim", symbol: "BTCUSDT", firstUpdateId: 1, lastUpdateId: 2,
            bids: [PriceLevel(price: Fixed(99), qty: Fixed(1))], asks: [])
        let m = model([S.message(Topics.bookDeltas("BTCUSDT"), .bookDelta(delta))])
        #expect(m.markets["BTCUSDT"]!.bids.isEmpty)
    }

    @Test func oneSecondBarsFeedTheSparkline() {
        let m = model((0..<5).map { S.bar("BTCUSDT", close: "\(100 + $0)", second: $0, seq: UInt64($0 + 1)) })
        #expect(m.markets["BTCUSDT"]!.closes.elements == [100, 101, 102, 103, 104])
        #expect(m.markets["BTCUSDT"]!.last == S.f("100"))
    }

    @Test func heartbeatsTrackServicesAndAgeThemOnTheConsolesClock() {
        var m = model([
            S.heartbeat("md-ingest", counters: ["trades_out": 5]),
            S.heartbeat("md-ingest", counters: ["trades_out": 9]),
        ])
        let health = m.services["md-ingest"]!
        #expect(health.beats == 2)
        #expect(health.heartbeat.counters["trades_out"] == 9)
        #expect(health.state(at: m.now) == .up)
        ConsoleReducer.tick(&m, at: S.at(seconds: 4))
        #expect(m.services["md-ingest"]!.state(at: m.now) == .late)
        ConsoleReducer.tick(&m, at: S.at(seconds: 11))
        #expect(m.services["md-ingest"]!.state(at: m.now) == .down)
    }

    @Test func theRiskEnginesHeartbeatSetsTheLimitAndRateLevels() throws {
        #expect(model([S.heartbeat("md-ingest", counters: S.riskEngineCounters)]).riskLevels == nil)
        #expect(model([S.heartbeat("risk-engine", counters: ["intents": 3])]).riskLevels == nil)
        let levels = try #require(model([S.heartbeat("risk-engine", counters: S.riskEngineCounters)]).riskLevels)
        #expect(levels.limits.map(\.name) == ["gross notional", "position notional (largest symbol)", "daily loss"])
        #expect(levels.limits[0].used == S.f("500") && levels.limits[0].limit == S.f("20000"))
        #expect(levels.limits[0].fraction == 0.025)
        #expect(levels.limits[2].fraction > 1)
        #expect(
            levels.rates == [
                RiskLevels.RateLevel(name: "global order rate", tokens: 18, burst: 20),
                RiskLevels.RateLevel(name: "emptiest strategy bucket", tokens: 0, burst: 5),
            ])
        // A later beat without the levels (an older engine) clears them rather than showing stale ones.
        let cleared = model([
            S.heartbeat("risk-engine", counters: S.riskEngineCounters),
            S.heartbeat("risk-engine", counters: ["intents": 3], seq: 2),
        ])
        #expect(cleared.riskLevels == nil)
    }

    @Test func killSwitchStateComesFromTheTopicAndTheKey() throws {
        let tripped = KillSwitchStateEvent(tripped: true, reason: "why", by: "cli:a@b", at: S.start)
        let viaTopic = model([S.message(Topics.killSwitchChanged, .killSwitchState(tripped))])
        #expect(viaTopic.killSwitch == tripped)
        #expect(viaTopic.logs.elements.last?.level == .critical)
        let key = EventEnvelope(
            id: "k", source: "cli", sequence: 1, eventTime: S.start, receiveTime: S.start,
            payload: .killSwitchState(tripped)
        ).encoded()
        let viaKey = model([.killSwitchKey(key), .killSwitchKey(nil)])
        #expect(viaKey.killSwitch == tripped)
        #expect(
            model([.killSwitchKey(nil)]).killSwitch
                == KillSwitchStateEvent(tripped: false, reason: nil, by: nil, at: nil))
    }

    @Test func intentsOpenOrdersThatAcceptsAdvanceAndFillsOrDenialsClose() {
        let m = model([
            S.message(Topics.flowIntents, .orderIntent(S.intent("a", qty: "0.02"))),
            S.message(Topics.flowIntents, .orderIntent(S.intent("b"))),
            S.message(Topics.flowIntents, .orderIntent(S.intent("c"))),
            S.message(Topics.flowDecisions, .riskDecision(S.decision("a", approved: true))),
            S.message(Topics.flowDecisions, .riskDecision(S.decision("b", approved: false))),
            S.message(
                Topics.flowOrderEvents,
                .orderEvent(
                    OrderEvent(
                        strategyId: "trend-1", clientOrderId: "a", symbol: "BTCUSDT", status: .accepted,
                        venueOrderId: "v", reason: nil))),
            S.message(Topics.flowFills, .fill(S.fill("a", qty: "0.01"))),
            S.message(Topics.flowFills, .fill(S.fill("c", qty: "0.01"))),
        ])
        let open = m.orders.open
        #expect(open.map(\.intent.clientOrderId) == ["a"])
        #expect(open.first?.stage == .open)
        #expect(open.first?.filled == S.f("0.01"))
        #expect(open.first?.venueOrderId == "v")
        #expect(m.fills.elements.map(\.fill.clientOrderId) == ["a", "c"])
    }

    @Test func canceledRejectedAndExpiredOrdersClose() {
        for status in [OrderStatus.canceled, .rejected, .expired] {
            let m = model([
                S.message(Topics.flowIntents, .orderIntent(S.intent("a"))),
                S.message(
                    Topics.flowOrderEvents,
                    .orderEvent(
                        OrderEvent(
                            strategyId: "trend-1", clientOrderId: "a", symbol: "BTCUSDT", status: status,
                            venueOrderId: nil, reason: "r"))),
            ])
            #expect(m.orders.open.isEmpty, "\(status)")
            #expect(m.logs.elements.last?.message == "\(status.rawValue) a: r")
        }
    }

    @Test func denialsAreListedWithEveryFailedRule() {
        let m = model([S.message(Topics.flowDecisions, .riskDecision(S.decision("x", approved: false)))])
        #expect(m.denials.elements.map(\.reasons) == ["max_order_notional: 600 > 500; price_band: 12 bps > 10"])
        #expect(m.denials.elements.first?.clientOrderId == "x")
        #expect(m.logs.elements.last?.level == .flow)
    }

    @Test func positionAndPnlSnapshotsAreKeptLatestPerStrategyAndScope() {
        let first = PositionSnapshot(
            strategyId: "s", symbol: "BTCUSDT", qty: Fixed(1), avgPrice: Fixed(100), mark: nil, realizedPnl: .zero,
            unrealizedPnl: .zero, fees: .zero)
        var second = first
        second.qty = Fixed(2)
        let pnl = PnlSnapshot(
            scope: "portfolio", cash: Fixed(1), equity: Fixed(2), realizedPnl: Fixed(3), unrealizedPnl: Fixed(4),
            fees: Fixed(5))
        let m = model([
            S.message(Topics.positions("s"), .positionSnapshot(first)),
            S.message(Topics.positions("s"), .positionSnapshot(second)),
            S.message(Topics.pnl("portfolio"), .pnlSnapshot(pnl)),
        ])
        #expect(m.positions.count == 1)
        #expect(m.positions.values.first?.qty == Fixed(2))
        #expect(m.pnl["portfolio"] == pnl)
    }

    @Test func allocationAndRebalancesArrive() {
        let targets = AllocationTargets(targets: [.init(strategyId: "a", weight: S.f("0.6"))])
        let rebalance = RebalanceEvent(
            strategyId: "a", fromWeight: S.f("0.5"), toWeight: S.f("0.6"), notional: Fixed(10), reason: "drift")
        let m = model([
            S.message(Topics.allocation, .allocationTargets(targets)),
            S.message(Topics.rebalances, .rebalance(rebalance)),
        ])
        #expect(m.allocation == targets)
        #expect(m.allocationAt != nil)
        #expect(m.rebalances.elements.map(\.event) == [rebalance])
    }

    @Test func logLinesAreParsedWithLevelServiceAndMetadata() {
        let m = model([S.logLine("risk", "error", "stale data")])
        let row = m.logs.elements.last!
        #expect(row.level == .error)
        #expect(row.service == "risk")
        #expect(row.message == "stale data venue=sim")
        #expect(row.at == Timestamp(iso8601: "2024-08-09T00:00:05.000Z"))
    }

    @Test func backtestProgressIsReadAsFractionsPercentagesOrDoneOfTotal() {
        let m = model([
            S.raw(Topics.backtestProgress, "{\"job\":\"a\",\"fraction\":0.25}"),
            S.raw(Topics.backtestProgress, "{\"job_id\":\"b\",\"progress\":40}"),
            S.raw(Topics.backtestProgress, "{\"run_id\":7,\"done\":1,\"total\":4,\"status\":\"running\"}"),
        ])
        #expect(m.backtestJobs["a"]?.fraction == 0.25)
        #expect(m.backtestJobs["b"]?.fraction == 0.4)
        #expect(m.backtestJobs["7"]?.fraction == 0.25)
        #expect(m.backtestJobs["7"]?.status == "running")
    }

    @Test func theWorkersProgressFormatIsReadWithItsStateAndHost() {
        let m = model([
            S.raw(
                Topics.backtestProgress,
                "{\"at\":1,\"fraction\":0.75,\"host\":\"box-2\",\"job_id\":\"sw-1-0003\",\"pid\":81234,\"state\":\"running\",\"sweep_id\":\"sw-1\"}"
            )
        ])
        #expect(m.backtestJobs["sw-1-0003"]?.fraction == 0.75)
        #expect(m.backtestJobs["sw-1-0003"]?.status == "running")
        #expect(m.backtestJobs["sw-1-0003"]?.detail == "box-2")
    }

    static func launched(_ ids: [String]) -> LaunchedBacktest {
        LaunchedBacktest(id: "sw-1", mode: .sweep, jobIds: ids, description: "sweep")
    }

    static func job(_ id: String, _ status: String, _ fraction: Double) -> BacktestJobRow {
        BacktestJobRow(job: id, fraction: fraction, status: status, detail: "", updatedAt: S.at(seconds: 0))
    }

    @Test func aLibraryPollListsTheResultsAndCountsTheLaunchedJobsThatHaveOne() {
        var m = ConsoleModel(identity: "console:ops@test", now: S.start)
        m.backtests.jobs = [Self.launched(["sma-fast", "sma-slow", "later"])]
        ConsoleReducer.reduce(
            .backtestLibrary(BacktestLibrarySnapshot(results: S.runs, running: [], workerAlive: true)), into: &m,
            at: S.at(seconds: 1))
        #expect(m.backtests.runs == S.runs && m.backtests.workerAlive == true)
        #expect(m.backtests.jobs[0].finished == 2 && m.backtests.runningJobs == 1)
    }

    @Test func runningJobsFromTheHashJoinTheListButNeverOverrideTheTopic() {
        var m = model([S.raw(Topics.backtestProgress, "{\"job_id\":\"a\",\"fraction\":0.75,\"state\":\"running\"}")])
        let snapshot = BacktestLibrarySnapshot(
            results: [], running: [Self.job("a", "running", 0.25), Self.job("b", "running", 0.25)], workerAlive: true)
        ConsoleReducer.reduce(.backtestLibrary(snapshot), into: &m, at: S.at(seconds: 1))
        #expect(m.backtestJobs["a"]?.fraction == 0.75)
        #expect(m.backtestJobs["b"]?.fraction == 0.25 && m.backtestJobs["b"]?.status == "running")
    }

    @Test func aJobWithAResultIsDoneEvenWhenItsLastProgressMessageWasLost() {
        var m = model([
            S.raw(Topics.backtestProgress, "{\"job_id\":\"sma-fast\",\"fraction\":0.25,\"state\":\"running\"}")
        ])
        ConsoleReducer.reduce(
            .backtestLibrary(BacktestLibrarySnapshot(results: S.runs, running: [], workerAlive: false)), into: &m,
            at: S.at(seconds: 1))
        #expect(m.backtestJobs["sma-fast"]?.status == "done" && m.backtestJobs["sma-fast"]?.fraction == 1)
    }

    @Test func anUnreadableLibraryIsShownAndTheNextGoodPollClearsIt() {
        var m = model([.backtestLibraryUnreadable("not connected to Redis")])
        #expect(m.backtests.problem == "not connected to Redis" && m.backtests.runs == nil)
        ConsoleReducer.reduce(
            .backtestLibrary(BacktestLibrarySnapshot(results: [], running: [], workerAlive: false, notice: "started")),
            into: &m, at: S.at(seconds: 1))
        #expect(m.backtests.problem == nil && m.backtests.runs == [] && m.notice == "started")
    }

    @Test func malformedMessagesAreCountedWithTheirReasonAndNeverFatal() {
        let m = model([
            S.raw(Topics.trades("BTCUSDT"), "{not json"), S.raw(Topics.log("x"), "[]"),
            S.raw(Topics.backtestProgress, "{\"status\":\"no id\"}"), S.raw(Topics.trades("BTCUSDT"), ""),
        ])
        #expect(m.malformed == 4)
        #expect(m.lastMalformed?.hasPrefix("md.trade.BTCUSDT:") == true)
        #expect(m.markets.isEmpty)
    }

    @Test func theLinkStateDrivesTheBannerAndIsLoggedOnChange() {
        let m = model([
            .link(BusLinkState(connected: true, problem: nil, address: "redis:x")),
            .link(BusLinkState(connected: false, problem: "connection refused", reconnects: 1, address: "redis:x")),
        ])
        #expect(!m.bus.connected)
        #expect(m.bus.problem == "connection refused")
        #expect(
            m.logs.elements.map(\.message) == [
                "bus connected (redis:x)", "bus disconnected, retrying: connection refused",
            ])
    }

    @Test func memoryIsBoundedWhateverTheMessageRate() {
        var m = ConsoleModel(identity: "console:t@h", now: S.start)
        for i in 0..<5_000 {
            ConsoleReducer.reduce(S.trade("BTCUSDT", "100", "1", .buy, seq: UInt64(i + 1)), into: &m, at: S.start)
            ConsoleReducer.reduce(S.logLine("svc", "warning", "w\(i)"), into: &m, at: S.start)
            ConsoleReducer.reduce(
                S.message(Topics.flowDecisions, .riskDecision(S.decision("d\(i)", approved: false))), into: &m,
                at: S.start)
        }
        #expect(m.markets["BTCUSDT"]!.tape.count == m.markets["BTCUSDT"]!.tape.capacity)
        #expect(m.logs.count == ConsoleModel.logCapacity)
        #expect(m.denials.count == ConsoleModel.denialCapacity)
        #expect(m.logs.elements.suffix(2).map(\.message).contains("w4999 venue=sim"))
    }

    @Test func everyEventMovesTheRevisionAndTicksOnlyWhenTheSecondChanges() {
        var m = ConsoleModel(identity: "console:t@h", now: S.start)
        ConsoleReducer.reduce(S.trade("BTCUSDT", "1", "1", .buy, seq: 1), into: &m, at: S.start)
        let after = m.revision
        ConsoleReducer.tick(&m, at: S.at(seconds: 0.5))
        #expect(m.revision == after)
        ConsoleReducer.tick(&m, at: S.at(seconds: 1.01))
        #expect(m.revision == after + 1)
    }
}
