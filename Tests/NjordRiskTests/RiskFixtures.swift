import NjordCore

@testable import NjordRisk

func f(_ text: String) -> Fixed { try! Fixed(text) }

/// 2024-08-09T00:00:00Z.
let day0 = Timestamp(iso8601: "2024-08-09T00:00:00Z")!
let second: Int64 = 1_000_000_000

/// The base config's numbers: order 1000, position 5000, gross 20000, daily loss 500, 5/s per
/// strategy (burst 5), 20 global, band 500 bps, stale after 5 s.
func standardLimits(checks: Set<RiskCheck> = RiskCheck.live, resetHour: Int = 0) -> RiskLimits {
    RiskLimits(
        maxOrderNotional: f("1000"), maxPositionNotional: f("5000"), maxGrossNotional: f("20000"),
        dailyLossLimit: f("500"), dailyResetUTCHour: resetHour,
        strategyOrderRate: OrderRateLimit(perSecond: 5, burst: 5),
        globalOrderRate: OrderRateLimit(perSecond: 20, burst: 20), priceBandBps: 500,
        staleMarketDataNanoseconds: 5 * second, checks: checks)
}

/// Cent ticks, 0.00001 steps, minimum notional 5 — BTCUSDT's shape at small prices.
let centFilters = InstrumentFilters(
    minPrice: f("0.01"), maxPrice: f("1000000"), tickSize: f("0.01"), minQuantity: f("0.00001"),
    maxQuantity: f("9000"), stepSize: f("0.00001"), minNotional: f("5"))

let runningSwitch = KillSwitchReading(state: .neverTripped, source: "test")
let trippedSwitch = KillSwitchReading(
    state: KillSwitchState(tripped: true, reason: "drill", by: "ops", at: day0), source: "test")

/// An engine at `day0` with the kill switch running, BTCUSDT last traded at 100 and ETHUSDT at 10,
/// flat positions.
func standardEngine(
    checks: Set<RiskCheck> = RiskCheck.live, filters: InstrumentFilters = centFilters, resetHour: Int = 0,
    absentPositionsAreFlat: Bool = true
) -> RiskEngine {
    var engine = RiskEngine(
        limits: standardLimits(checks: checks, resetHour: resetHour),
        instruments: ["BTCUSDT": filters, "ETHUSDT": filters], absentPositionsAreFlat: absentPositionsAreFlat)
    engine.apply(killSwitch: runningSwitch)
    engine.apply(marketPrice: .lastTrade(f("100")), symbol: "BTCUSDT", at: day0)
    engine.apply(marketPrice: .lastTrade(f("10")), symbol: "ETHUSDT", at: day0)
    return engine
}

func limitOrder(
    _ side: Side, _ quantity: String, at price: String, symbol: String = "BTCUSDT", strategy: String = "s1"
) -> OrderIntent {
    try! OrderIntent(
        strategyId: strategy, clientOrderId: "c1", symbol: symbol, side: side, orderType: .limit,
        quantity: f(quantity), quoteAmount: nil, limitPrice: f(price), timeInForce: .gtc, reason: "test")
}

func marketOrder(_ side: Side, _ quantity: String, symbol: String = "BTCUSDT", strategy: String = "s1") -> OrderIntent {
    try! OrderIntent(
        strategyId: strategy, clientOrderId: "c1", symbol: symbol, side: side, orderType: .market,
        quantity: f(quantity), quoteAmount: nil, limitPrice: nil, timeInForce: .ioc, reason: "test")
}

func quoteOrder(_ side: Side, spend amount: String, symbol: String = "BTCUSDT", strategy: String = "s1") -> OrderIntent
{
    try! OrderIntent(
        strategyId: strategy, clientOrderId: "c1", symbol: symbol, side: side, orderType: .market,
        quantity: nil, quoteAmount: f(amount), limitPrice: nil, timeInForce: .ioc, reason: "test")
}

func fill(
    _ side: Side, _ quantity: String, at price: String, symbol: String = "BTCUSDT", strategy: String = "s1",
    fee: String = "0"
)
    -> Fill
{
    Fill(
        fillId: "f", strategyId: strategy, clientOrderId: "c1", symbol: symbol, side: side, price: f(price),
        qty: f(quantity), fee: f(fee), feeAsset: "USDT", liquidity: .taker)
}

extension RiskDecision {
    var rules: [String] { failedRules.map(\.rule) }
    func detail(_ rule: String) -> String? { failedRules.first { $0.rule == rule }?.detail }
}

extension RiskEngine {
    mutating func decide(_ intent: OrderIntent, at time: Timestamp = day0) -> RiskDecision {
        evaluate(intent, intentId: "i1", at: time)
    }
}
