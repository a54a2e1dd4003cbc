import NjordCore
import NjordRisk

/// Speed of the risk engine's decision with every policy on.
public enum RiskBenchmarks {
    /// 200 000 decisions: see ``run(decisions:)``.
    public static func run() -> [String: Double] { run(decisions: 200_000) }

    /// Decides `decisions` intents of four strategies on two symbols, with eight known positions and
    /// a fresh price every 100 intents; rates are set so that about nine in ten are approved and the
    /// rest are denied by the order-notional cap. Returns `risk_decisions_per_s` (wall clock).
    public static func run(decisions: Int) -> [String: Double] {
        let limits = RiskLimits(
            maxOrderNotional: Fixed(1_000), maxPositionNotional: Fixed(1_000_000), maxGrossNotional: Fixed(10_000_000),
            dailyLossLimit: Fixed(500), strategyOrderRate: OrderRateLimit(perSecond: 1_000_000, burst: 1_000_000),
            globalOrderRate: OrderRateLimit(perSecond: 1_000_000, burst: 1_000_000), priceBandBps: 500,
            staleMarketDataNanoseconds: 5_000_000_000, checks: RiskCheck.live)
        let filters = InstrumentFilters(
            minPrice: Fixed(mantissa: 1, exponent: 2), tickSize: Fixed(mantissa: 1, exponent: 2),
            minQuantity: Fixed(mantissa: 1, exponent: 5), stepSize: Fixed(mantissa: 1, exponent: 5),
            minNotional: Fixed(5))
        let symbols = ["BTCUSDT", "ETHUSDT"]
        let strategies = ["s1", "s2", "s3", "s4"]
        var engine = RiskEngine(
            limits: limits, instruments: ["BTCUSDT": filters, "ETHUSDT": filters], absentPositionsAreFlat: false)
        var time = Timestamp(nanosecondsSinceEpoch: 1_723_161_600_000_000_000)
        engine.apply(killSwitch: KillSwitchReading(state: .neverTripped, source: "bench"))
        for strategy in strategies {
            for symbol in symbols {
                engine.state.setPosition(
                    PositionKey(strategyId: strategy, symbol: symbol), quantity: Fixed(1), averagePrice: Fixed(100))
            }
        }
        var intents: [OrderIntent] = []
        for i in 0..<64 {
            // Quantities from 0.5 to 11: the largest breach the 1000 cap at a price near 100.
            let quantity = Fixed(mantissa: Int64(50 + (i * 17) % 1_050), exponent: 2)
            let intent = try? OrderIntent(
                strategyId: strategies[i % strategies.count], clientOrderId: "c\(i)", symbol: symbols[i % 2],
                side: i % 3 == 0 ? .sell : .buy, orderType: i % 4 == 0 ? .market : .limit, quantity: quantity,
                quoteAmount: nil, limitPrice: i % 4 == 0 ? nil : Fixed(mantissa: Int64(9_900 + i), exponent: 2),
                timeInForce: .gtc, reason: "bench")
            if let intent { intents.append(intent) }
        }
        let clock = SystemClock()
        var approved = 0
        let start = clock.monotonicNanoseconds()
        for n in 0..<decisions {
            if n % 100 == 0 {
                time = time.adding(nanoseconds: 1_000_000)
                for symbol in symbols {
                    engine.apply(
                        marketPrice: .lastTrade(Fixed(mantissa: Int64(10_000 + n % 7), exponent: 2)), symbol: symbol,
                        at: time)
                }
            }
            if engine.evaluate(intents[n % intents.count], intentId: "i", at: time).approved { approved += 1 }
        }
        let wall = Double(clock.monotonicNanoseconds() - start) / 1e9
        return [
            "risk_decisions_per_s": Double(decisions) / wall,
            "risk_approved_fraction": Double(approved) / Double(max(1, decisions)),
        ]
    }
}
