import NjordConsole
import NjordCore

/// Events as they arrive on the bus, and a model fed with a fixed set of them, for reducer and
/// snapshot tests. Times are fixed, so screens render the same on every run.
enum ConsoleSamples {
    /// 2024-08-09T00:00:00Z.
    static let start = Timestamp(nanosecondsSinceEpoch: 1_723_161_600_000_000_000)

    static func at(seconds: Double) -> Timestamp {
        start.adding(nanoseconds: Int64(seconds * 1_000_000_000))
    }

    static func f(_ text: String) -> Fixed { try! Fixed(text) }

    static func message(_ topic: String, _ payload: EventPayload, seq: UInt64 = 1, source: String = "test")
        -> ConsoleEvent
    {
        let envelope = EventEnvelope(
            id: "\(topic)-\(seq)", source: source, sequence: seq, eventTime: start, receiveTime: start, payload: payload
        )
        return .message(BusMessage(topic: topic, payload: envelope.encoded()))
    }

    static func trade(_ symbol: String, _ price: String, _ qty: String, _ side: Side, seq: UInt64) -> ConsoleEvent {
        message(
            Topics.trades(symbol),
            .trade(Trade(venue: "sim", symbol: symbol, tradeId: Int64(seq), price: f(price), qty: f(qty), side: side)),
            seq: seq)
    }

    static func tob(_ symbol: String, _ bid: String, _ ask: String, seq: UInt64) -> ConsoleEvent {
        message(
            Topics.topOfBook(symbol),
            .topOfBook(
                TopOfBook(
                    venue: "sim", symbol: symbol, updateId: Int64(seq), bid: f(bid), bidQty: f("1.5"), ask: f(ask),
                    askQty: f("0.75"))), seq: seq)
    }

    static func book(_ symbol: String, mid: Int, levels: Int, updateId: Int64, seq: UInt64 = 1) -> ConsoleEvent {
        let bids = (0..<levels).map {
            PriceLevel(price: Fixed(mid - 1 - $0), qty: Fixed(mantissa: Int64(10 + $0 * 7 % 23), exponent: 1))
        }
        let asks = (0..<levels).map {
            PriceLevel(price: Fixed(mid + 1 + $0), qty: Fixed(mantissa: Int64(12 + $0 * 5 % 19), exponent: 1))
        }
        return message(
            Topics.book(symbol),
            .bookSnapshot(BookSnapshot(venue: "sim", symbol: symbol, lastUpdateId: updateId, bids: bids, asks: asks)),
            seq: seq)
    }

    static func bar(_ symbol: String, close: String, second: Int, seq: UInt64) -> ConsoleEvent {
        message(
            Topics.bars(.oneSecond, symbol),
            .bar(
                Bar(
                    venue: "sim", symbol: symbol, interval: .oneSecond, openTime: at(seconds: Double(second)),
                    open: f(close), high: f(close), low: f(close), close: f(close), volume: f("1"), trades: 3)),
            seq: seq)
    }

    static func heartbeat(_ service: String, counters: [String: Int64], seq: UInt64 = 1) -> ConsoleEvent {
        message(
            Topics.heartbeat(service),
            .heartbeat(
                Heartbeat(
                    service: service, host: "njord-1", pid: 4242, startedAt: start, status: .ok, counters: counters)),
            seq: seq)
    }

    static func intent(_ id: String, qty: String = "0.01", price: String? = "60000") -> OrderIntent {
        try! OrderIntent(
            strategyId: "trend-1", clientOrderId: id, symbol: "BTCUSDT", side: .buy,
            orderType: price == nil ? .market : .limit,
            quantity: f(qty), quoteAmount: nil, limitPrice: price.map(f), timeInForce: .gtc, reason: "cross")
    }

    static func decision(_ id: String, approved: Bool) -> RiskDecision {
        try! RiskDecision(
            intentId: "i-\(id)", strategyId: "trend-1", clientOrderId: id, approved: approved,
            failedRules: approved
                ? []
                : [
                    .init(rule: "max_order_notional", detail: "600 > 500"),
                    .init(rule: "price_band", detail: "12 bps > 10"),
                ])
    }

    static func fill(_ id: String, qty: String) -> Fill {
        Fill(
            fillId: "f-\(id)-\(qty)", strategyId: "trend-1", clientOrderId: id, symbol: "BTCUSDT", side: .buy,
            price: f("60000"), qty: f(qty), fee: f("0.6"), feeAsset: "USDT", liquidity: .maker)
    }

    static func logLine(_ service: String, _ level: String, _ message: String) -> ConsoleEvent {
        .message(
            BusMessage(
                topic: Topics.log(service),
                payload: Array(
                    "{\"ts\":\"2024-08-09T00:00:05.000Z\",\"level\":\"\(level)\",\"service\":\"\(service)\",\"msg\":\"\(message)\",\"meta\":{\"venue\":\"sim\"}}"
                        .utf8)))
    }

    static func raw(_ topic: String, _ text: String) -> ConsoleEvent {
        .message(BusMessage(topic: topic, payload: Array(text.utf8)))
    }

    /// A model with every kind of data, as after a few seconds of a running paper stack.
    static func busyModel(screen: ConsoleScreenID, tripped: Bool = false) -> ConsoleModel {
        var model = ConsoleModel(identity: "console:ops@njord-1", now: start)
        var events: [ConsoleEvent] = [
            .link(BusLinkState(connected: true, problem: nil, address: "redis:/work/var/run/redis.sock")),
            book("BTCUSDT", mid: 60_000, levels: 30, updateId: 100),
            book("ETHUSDT", mid: 3_000, levels: 30, updateId: 50),
            tob("BTCUSDT", "59999", "60001", seq: 1), tob("ETHUSDT", "2999", "3001", seq: 1),
            tob("SOLUSDT", "149.9", "150.1", seq: 1),
            heartbeat("md-ingest", counters: ["trades_out": 18_345, "book_gaps": 0, "bus_connected": 1]),
            heartbeat("risk-engine", counters: riskEngineCounters),
            .killSwitchKey(
                EventEnvelope(
                    id: "ks", source: "cli", sequence: 1, eventTime: start, receiveTime: start,
                    payload: .killSwitchState(
                        tripped
                            ? KillSwitchStateEvent(
                                tripped: true, reason: "drawdown alarm", by: "cli:ops@njord-1", at: at(seconds: 3))
                            : KillSwitchStateEvent(tripped: false, reason: "reviewed", by: "cli:ops@njord-1", at: start)
                    )
                ).encoded()),
            message(
                Topics.pnl("portfolio"),
                .pnlSnapshot(
                    PnlSnapshot(
                        scope: "portfolio", cash: f("40000"), equity: f("100250.5"), realizedPnl: f("300.25"),
                        unrealizedPnl: f("-49.75"), fees: f("12.3")))),
            message(
                Topics.pnl("trend-1"),
                .pnlSnapshot(
                    PnlSnapshot(
                        scope: "trend-1", cash: f("10000"), equity: f("45112.7"), realizedPnl: f("300.25"),
                        unrealizedPnl: f("-49.75"), fees: f("12.3")))),
            message(
                Topics.positions("trend-1"),
                .positionSnapshot(
                    PositionSnapshot(
                        strategyId: "trend-1", symbol: "BTCUSDT", qty: f("0.5"), avgPrice: f("60100"), mark: f("60000"),
                        realizedPnl: f("300.25"), unrealizedPnl: f("-50"), fees: f("12.3")))),
            message(
                Topics.positions("mr-2"),
                .positionSnapshot(
                    PositionSnapshot(
                        strategyId: "mr-2", symbol: "ETHUSDT", qty: f("-2"), avgPrice: f("3000.125"), mark: nil,
                        realizedPnl: .zero, unrealizedPnl: f("0.25"), fees: f("1.5")))),
            message(Topics.flowIntents, .orderIntent(intent("c-1")), seq: 1),
            message(Topics.flowIntents, .orderIntent(intent("c-2", qty: "0.02")), seq: 2),
            message(Topics.flowIntents, .orderIntent(intent("c-3", price: nil)), seq: 3),
            message(Topics.flowDecisions, .riskDecision(decision("c-1", approved: true)), seq: 1),
            message(Topics.flowDecisions, .riskDecision(decision("c-2", approved: true)), seq: 2),
            message(Topics.flowDecisions, .riskDecision(decision("c-3", approved: false)), seq: 3),
            message(
                Topics.flowOrderEvents,
                .orderEvent(
                    OrderEvent(
                        strategyId: "trend-1", clientOrderId: "c-1", symbol: "BTCUSDT", status: .accepted,
                        venueOrderId: "v-1", reason: nil)), seq: 1),
            message(
                Topics.flowOrderEvents,
                .orderEvent(
                    OrderEvent(
                        strategyId: "trend-1", clientOrderId: "c-2", symbol: "BTCUSDT", status: .accepted,
                        venueOrderId: "v-2", reason: nil)), seq: 2),
            message(Topics.flowFills, .fill(fill("c-1", qty: "0.01")), seq: 1),
            message(Topics.flowFills, .fill(fill("c-2", qty: "0.005")), seq: 2),
            message(
                Topics.allocation,
                .allocationTargets(
                    AllocationTargets(targets: [
                        .init(strategyId: "trend-1", weight: f("0.5")), .init(strategyId: "mr-2", weight: f("0.3")),
                    ]))),
            message(
                Topics.rebalances,
                .rebalance(
                    RebalanceEvent(
                        strategyId: "mr-2", fromWeight: f("0.25"), toWeight: f("0.3"), notional: f("5012.5"),
                        reason: "drift > 5%"))),
            raw(
                Topics.backtestProgress,
                "{\"job\":\"bt-7\",\"done\":3,\"total\":4,\"status\":\"running\",\"strategy\":\"sma_cross\",\"symbol\":\"BTCUSDT\"}"
            ),
            raw(
                Topics.backtestProgress,
                "{\"job\":\"bt-6\",\"progress\":100,\"status\":\"done\",\"strategy\":\"sma_cross\"}"),
            .backtestLibrary(
                BacktestLibrarySnapshot(
                    results: runs,
                    running: [
                        BacktestJobRow(
                            job: "sw-20240809T000001Z-9-0003", fraction: 0.25, status: "running",
                            detail: "box-2 pid 81234", updatedAt: at(seconds: 0))
                    ], workerAlive: true)),
            logLine("md-ingest", "warning", "book resync for ETHUSDT"),
            logLine("risk", "error", "stale market data for SOLUSDT"),
        ]
        model.backtests.jobs = [
            LaunchedBacktest(
                id: "sw-20240809T000010Z-4242-1", mode: .sweep, jobIds: ["sma-fast", "sma-slow"],
                description: "sweep sma_cross bars.csv fast=5:10:5", workerPid: 4243, workerLog: "/tmp/w.log")
        ]
        for second in 0..<40 {
            let price = 60_000 + (second * 37 % 23) - 11
            events.append(bar("BTCUSDT", close: "\(price)", second: second, seq: UInt64(second + 1)))
            events.append(
                bar("ETHUSDT", close: "\(3_000 + (second * 13 % 7))", second: second, seq: UInt64(second + 1)))
        }
        for i in 0..<30 {
            events.append(
                trade(
                    "BTCUSDT", "\(60_000 + (i * 7 % 5) - 2).5", "0.0\(i % 9 + 1)", i % 3 == 0 ? .sell : .buy,
                    seq: UInt64(i + 1)))
        }
        events.append(trade("ETHUSDT", "3000.25", "1.2", .buy, seq: 1))
        events.append(trade("ETHUSDT", "3001.75", "0.4", .sell, seq: 3))  // seq 2 missing: one gap
        for (i, event) in events.enumerated() {
            ConsoleReducer.reduce(event, into: &model, at: at(seconds: Double(i) / 100))
        }
        ConsoleReducer.tick(&model, at: at(seconds: 1.5))
        model.screen = screen
        return model
    }

    /// A risk engine at 500 of 20000 gross, 4700 of 5000 in one symbol, 520 of 500 daily loss, the
    /// global bucket at 18 of 20 and a strategy bucket empty (notionals in 10^-8 quote units).
    static let riskEngineCounters: [String: Int64] = [
        "intents": 12, "denied": 2, "bus_connected": 1,
        "limit.max_gross_notional": 2_000_000_000_000, "use.gross_notional": 50_000_000_000,
        "limit.max_position_notional": 500_000_000_000, "use.max_position_notional": 470_000_000_000,
        "limit.daily_loss": 50_000_000_000, "use.daily_loss": 52_000_000_000,
        "rate.global_tokens": 18, "rate.global_burst": 20, "rate.min_strategy_tokens": 0, "rate.strategy_burst": 5,
    ]

    /// Three results as a library lists them.
    static let runs: [BacktestRunSummary] = [
        run(
            "sma-fast", finished: "2026-01-03T10:00:00.000Z",
            ["total_return": 0.12, "sharpe": 1.4, "max_drawdown": -0.08, "trades": 40]),
        run(
            "sma-slow", finished: "2026-01-02T10:00:00.000Z",
            ["total_return": -0.02, "sharpe": 2.1, "max_drawdown": -0.03, "trades": 12]),
        run("donchian", finished: "2026-01-04T10:00:00.000Z", ["total_return": 0.05]),
    ]

    static func run(_ id: String, finished: String, _ metrics: [String: Double]) -> BacktestRunSummary {
        BacktestRunSummary(
            id: id, sweepId: "sw-1", path: "/srv/njord/var/backtests/\(id)", host: "box-2",
            strategy: id.hasPrefix("sma") ? "sma_cross" : "donchian", params: id == "sma-fast" ? "fast=5,slow=20" : "",
            finishedAt: finished, metrics: metrics)
    }
}
