import Foundation
import NjordCore
import NjordExecution
import NjordTestSupport
import Testing

@Suite struct PositionLedgerTests {
    func fill(
        _ n: Int, _ side: Side, _ qty: String, _ price: String, fee: String = "0", strategy: String = "s1",
        symbol: String = "BTCUSDT"
    ) -> Fill {
        Fill(
            fillId: "f\(n)", strategyId: strategy, clientOrderId: "c\(n)", symbol: symbol, side: side,
            price: T.fx(price), qty: T.fx(qty), fee: T.fx(fee), feeAsset: "USDT", liquidity: .taker)
    }

    /// Random fills: 2 strategies × 2 symbols, prices on a cent grid, quantities on 10⁻⁸ so that
    /// notionals need rounding; seeded, so every run checks the same sequence.
    func randomFills(count: Int, seed: UInt64) -> [Fill] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { n in
            let price = Fixed(raw: Int128(Int.random(in: 9_000_000...11_000_000, using: &rng)) * 1_000_000)
            let qty = Fixed(raw: Int128(Int.random(in: 1...300_000_000, using: &rng)))
            let fee = Fixed(raw: Int128(Int.random(in: 0...50_000, using: &rng)))
            return Fill(
                fillId: "f\(n)", strategyId: "s\(Int.random(in: 1...2, using: &rng))", clientOrderId: "c\(n)",
                symbol: Bool.random(using: &rng) ? "BTCUSDT" : "ETHUSDT", side: Bool.random(using: &rng) ? .buy : .sell,
                price: price, qty: qty, fee: fee, feeAsset: "USDT", liquidity: .taker)
        }
    }

    @Test func positionsEqualTheFoldOfFills() throws {
        let fills = randomFills(count: 2_000, seed: 7)
        var incremental = PositionLedger()
        for (i, fill) in fills.enumerated() {
            try incremental.apply(fill)
            if i % 250 == 0 { #expect(incremental == (try PositionLedger.fold(fills[...i]))) }
        }
        let folded = try PositionLedger.fold(fills)
        #expect(incremental == folded)
        #expect(try incremental.snapshots() == folded.snapshots())
        #expect(folded.positions.count == 4)
        for (key, position) in folded.positions {
            let mine = fills.filter { $0.strategyId == key.strategyId && $0.symbol == key.symbol }
            #expect(position.fillCount == mine.count)
            let net = mine.reduce(Fixed.zero) { $0 + ($1.side == .buy ? $1.qty : -$1.qty) }
            #expect(position.quantity == net)
        }
    }

    /// Cash recomputed from the fills with Foundation's Decimal (notional half-even to 10⁻⁸)
    /// equals realized + unrealized − fees − marked value, exactly, after every fill; a flat
    /// position's cash is its realized PnL minus fees.
    @Test func realizedUnrealizedAndFeesMatchTheCashFlowExactlyOnRandomFills() throws {
        let fills = randomFills(count: 3_000, seed: 2_026)
        var ledger = PositionLedger()
        var cash: [PositionKey: Decimal] = [:]
        var fees: [PositionKey: Decimal] = [:]
        var rng = SplitMix64(seed: 99)
        for fill in fills {
            try ledger.apply(fill)
            let key = PositionKey(strategyId: fill.strategyId, symbol: fill.symbol)
            let notional = T.round8(T.dec(fill.qty) * T.dec(fill.price), .bankers)
            cash[key, default: 0] += (fill.side == .sell ? notional : -notional) - T.dec(fill.fee)
            fees[key, default: 0] += T.dec(fill.fee)
            let mark = Fixed(raw: Int128(Int.random(in: 9_000_000...11_000_000, using: &rng)) * 1_000_000)
            ledger.mark(fill.symbol, price: mark)
            let position = try #require(ledger.position(strategyId: key.strategyId, symbol: key.symbol))
            let snapshot = try ledger.snapshot(of: position)
            let value = T.round8(T.dec(position.quantity) * T.dec(mark), .bankers)
            #expect(T.dec(position.fees) == fees[key])
            #expect(T.dec(position.cashFlow) == cash[key])
            #expect(
                cash[key]! + value
                    == T.dec(snapshot.realizedPnl) + T.dec(snapshot.unrealizedPnl) - T.dec(snapshot.fees))
            if position.quantity.isZero {
                #expect(cash[key]! == T.dec(position.realizedPnl) - T.dec(position.fees))
            }
        }
        let portfolio = try ledger.pnlSnapshot(scope: PnlSnapshot.portfolioScope, startingCash: T.fx("100000"))
        #expect(T.dec(portfolio.cash) == 100_000 + cash.values.reduce(0, +))
        #expect(
            portfolio.equity - portfolio.cash
                == portfolio.realizedPnl + portfolio.unrealizedPnl - portfolio.fees - (portfolio.cash - T.fx("100000")))
    }

    @Test func averageCostResetsWhenPositionCrossesZero() throws {
        var ledger = PositionLedger()
        try ledger.apply(fill(1, .buy, "1", "100"))
        try ledger.apply(fill(2, .buy, "1", "110"))
        var position = try #require(ledger.position(strategyId: "s1", symbol: "BTCUSDT"))
        #expect(position.averagePrice == T.fx("105"))
        // Sell 3: closes 2 at +15 each, opens a short of 1 at 120.
        try ledger.apply(fill(3, .sell, "3", "120"))
        position = try #require(ledger.position(strategyId: "s1", symbol: "BTCUSDT"))
        #expect(position.quantity == T.fx("-1"))
        #expect(position.averagePrice == T.fx("120"))
        #expect(position.realizedPnl == T.fx("30"))
        try ledger.apply(fill(4, .buy, "1", "100"))
        position = try #require(ledger.position(strategyId: "s1", symbol: "BTCUSDT"))
        #expect(position.quantity == .zero)
        #expect(position.averagePrice == .zero)
        #expect(position.costBasis == .zero)
        #expect(position.realizedPnl == T.fx("50"))
    }

    @Test func partialCloseRealizesTheProportionalCost() throws {
        var ledger = PositionLedger()
        try ledger.apply(fill(1, .buy, "3", "100"))
        try ledger.apply(fill(2, .buy, "1", "101"))
        try ledger.apply(fill(3, .sell, "1", "102"))
        let position = try #require(ledger.position(strategyId: "s1", symbol: "BTCUSDT"))
        #expect(position.realizedPnl == T.fx("1.75"))
        #expect(position.averagePrice == T.fx("100.25"))
        #expect(position.costBasis == T.fx("300.75"))
    }

    @Test func shortPositionGainsWhenThePriceFallsAndSnapshotsCarryTheMark() throws {
        var ledger = PositionLedger()
        try ledger.apply(fill(1, .sell, "2", "100", fee: "0.2", strategy: "mr-1"))
        try ledger.apply(fill(2, .buy, "0.5", "3000", fee: "0.15", strategy: "trend-1", symbol: "ETHUSDT"))
        let unmarked = try ledger.snapshots()
        #expect(unmarked.map(\.strategyId) == ["mr-1", "trend-1"])
        #expect(unmarked[0].mark == nil && unmarked[0].unrealizedPnl == .zero)
        ledger.mark("BTCUSDT", price: T.fx("90"))
        let snapshot = try ledger.snapshots()[0]
        #expect(
            snapshot
                == PositionSnapshot(
                    strategyId: "mr-1", symbol: "BTCUSDT", qty: T.fx("-2"), avgPrice: T.fx("100"), mark: T.fx("90"),
                    realizedPnl: .zero, unrealizedPnl: T.fx("20"), fees: T.fx("0.2")))
        let pnl = try ledger.pnlSnapshot(scope: "mr-1", startingCash: T.fx("1000"))
        #expect(
            pnl
                == PnlSnapshot(
                    scope: "mr-1", cash: T.fx("1199.8"), equity: T.fx("1019.8"), realizedPnl: .zero,
                    unrealizedPnl: T.fx("20"), fees: T.fx("0.2")))
        // The ETH position has no mark: valued at cost in the portfolio.
        let all = try ledger.pnlSnapshot(scope: PnlSnapshot.portfolioScope, startingCash: T.fx("1000"))
        #expect(all.cash == T.fx("1000") + T.fx("200") - T.fx("0.2") - T.fx("1500") - T.fx("0.15"))
        #expect(all.equity == all.cash - T.fx("180") + T.fx("1500"))
        #expect(all.fees == T.fx("0.35"))
    }
}
