import NjordCore
import NjordExecution
import Testing

@Suite struct FeeScheduleTests {
    @Test func basisPointsAndFractionsGiveTheSameRates() throws {
        let bps = try FeeSchedule(makerBps: T.fx("2.5"), takerBps: T.fx("7.5"))
        let fraction = try FeeSchedule(makerRate: T.fx("0.00025"), takerRate: T.fx("0.00075"))
        #expect(bps == fraction)
        #expect(bps.rate(.maker) == T.fx("0.00025"))
        #expect(try bps.fee(notional: T.fx("100"), liquidity: .taker) == T.fx("0.075"))
    }

    @Test func aRebateIsRoundedTowardZero() throws {
        let fees = try FeeSchedule(makerRate: T.fx("-0.0001"), takerRate: T.fx("0.001"))
        #expect(try fees.fee(notional: T.fx("0.12345678"), liquidity: .maker) == T.fx("-0.00001234"))
        #expect(try fees.fee(notional: T.fx("0.12345678"), liquidity: .taker) == T.fx("0.00012346"))
    }

    @Test func unusableConfigIsRejectedNamingTheValue() throws {
        #expect(throws: ExecutionConfigError.basisPointsNotExact(name: "taker", value: T.fx("0.00001"))) {
            try FeeSchedule(makerBps: T.fx("1"), takerBps: T.fx("0.00001"))
        }
        #expect(throws: ExecutionConfigError.feeRateOutOfRange(name: "maker", value: T.fx("1"))) {
            try FeeSchedule(makerRate: T.fx("1"), takerRate: .zero)
        }
        #expect(throws: ExecutionConfigError.volumeCapOutOfRange(T.fx("1.5"))) {
            try FillModelOptions(volumeCap: T.fx("1.5"))
        }
        #expect(throws: ExecutionConfigError.negativeLatency(-1)) { try FillModelOptions(latencyNanoseconds: -1) }
        #expect(throws: ExecutionConfigError.negativeSlippage("-2 ticks")) {
            try FillModelOptions(slippage: .ticks(-2))
        }
        #expect(
            ExecutionConfigError.feeRateOutOfRange(name: "maker", value: T.fx("1")).description
                == "maker: fee rate 1 is outside (-1, 1) (a fraction: 0.001 is 10 bps)")
    }
}
