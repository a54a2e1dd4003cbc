import NjordCore
import Testing

@testable import NjordRisk

@Suite struct RiskStateTests {
    @Test func positionsAreAveragedAndRealizeOnAverageCost() {
        var state = RiskState(absentPositionsAreFlat: true)
        let key = PositionKey(strategyId: "s1", symbol: "BTCUSDT")
        state.apply(fill: fill(.buy, "1", at: "100"), at: day0)
        state.apply(fill: fill(.buy, "1", at: "200"), at: day0)
        #expect(state.position(key) == RiskPosition(quantity: f("2"), averagePrice: f("150"), known: true))
        state.apply(fill: fill(.sell, "0.5", at: "250"), at: day0)
        #expect(state.realizedPnL == f("50"))
        // Selling through flat closes 1.5 at a loss of 50 each and opens a short of 0.5 at the fill price.
        state.apply(fill: fill(.sell, "2", at: "100"), at: day0)
        #expect(state.realizedPnL == f("-25"))
        #expect(state.position(key) == RiskPosition(quantity: f("-0.5"), averagePrice: f("100"), known: true))
    }

    @Test func quoteAssetFeesReduceRealizedPnLAndOtherAssetsDoNot() {
        var state = RiskState(absentPositionsAreFlat: true)
        state.apply(fill: fill(.buy, "1", at: "100", fee: "0.1"), at: day0)
        #expect(state.realizedPnL == f("-0.1"))
        var bnb = fill(.buy, "1", at: "100", fee: "0.001")
        bnb.feeAsset = "BNB"
        state.apply(fill: bnb, at: day0)
        #expect(state.realizedPnL == f("-0.1"))
    }

    @Test func theRiskDayStartsAtTheResetHour() {
        let at = { (text: String) in Timestamp(iso8601: text)! }
        #expect(RiskState.riskDay(of: at("2024-08-09T06:59:59.999Z"), resetHour: 7) == day0.utcDayNumber - 1)
        #expect(RiskState.riskDay(of: at("2024-08-09T07:00:00Z"), resetHour: 7) == day0.utcDayNumber)
        #expect(RiskState.riskDay(of: at("2024-08-09T23:59:59Z"), resetHour: 0) == day0.utcDayNumber)
        var state = RiskState(dailyResetUTCHour: 7, absentPositionsAreFlat: true)
        state.apply(fill: fill(.buy, "1", at: "100", fee: "1"), at: at("2024-08-09T06:00:00Z"))
        state.roll(to: at("2024-08-09T06:30:00Z"))
        #expect(state.realizedPnL == f("-1"))
        state.roll(to: at("2024-08-09T07:00:00Z"))
        #expect(state.realizedPnL == .zero)
    }

    @Test func aFillOnAnUnknownPositionLeavesItUnknown() {
        var state = RiskState(absentPositionsAreFlat: false)
        state.apply(fill: fill(.buy, "1", at: "100"), at: day0)
        #expect(state.position(PositionKey(strategyId: "s1", symbol: "BTCUSDT")).known == false)
    }
}
