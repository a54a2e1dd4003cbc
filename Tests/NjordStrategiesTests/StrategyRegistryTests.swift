import NjordCore
import NjordStrategies
import Testing

private func make(_ kind: String, _ parameters: String) throws -> any Strategy {
    try StrategyRegistry.standard.make(kind: kind, parameters: try StrategyParameters(parsing: parameters))
}

@Test func theStandardRegistryKnowsTheThreeSamples() {
    #expect(StrategyRegistry.standard.kinds == ["bollinger", "donchian", "sma_cross"])
}

@Test func eachKindBuildsItsStrategyWithTheGivenParameters() throws {
    let sma = try #require(try make("sma_cross", "fast=3,slow=8,quantity=0.001") as? SmaCross)
    let smaQuantity = try Fixed("0.001")
    #expect(sma.fast == 3 && sma.slow == 8 && sma.quantity == smaQuantity)
    let backtestMode = try #require(try make("sma_cross", "fast=3,slow=8") as? SmaCross)
    #expect(backtestMode.quantity == nil)
    let bollinger = try #require(try make("bollinger", "period=10,num_std=2.5,quantity=0.01") as? Bollinger)
    let numStd = try Fixed("2.5")
    #expect(bollinger.period == 10 && bollinger.numStd == numStd)
    let donchian = try #require(try make("donchian", "period=10,quantity=0.01") as? Donchian)
    #expect(donchian.period == 10)
}

@Test func unknownKindsAndBadParametersAreNamedErrors() {
    #expect(throws: StrategyError.unknownStrategy("martingale")) { try make("martingale", "") }
    #expect(throws: StrategyError.unknownParameter("perod")) { try make("donchian", "perod=3,period=3,quantity=1") }
    #expect(throws: StrategyError.missingParameter("num_std")) { try make("bollinger", "period=10,quantity=1") }
    #expect(throws: StrategyError.invalidParameter(name: "period", value: "1", expected: "a whole number ≥ 2")) {
        try make("donchian", "period=1,quantity=1")
    }
    #expect(throws: StrategyError.invalidParameter(name: "num_std", value: "11", expected: "a decimal > 0 ≤ 10")) {
        try make("bollinger", "period=10,num_std=11,quantity=1")
    }
    #expect(throws: StrategyError.invalidParameter(name: "quantity", value: "-1", expected: "a decimal > 0")) {
        try make("sma_cross", "fast=3,slow=8,quantity=-1")
    }
    #expect(throws: StrategyError.invalidParameter(name: "slow", value: "3", expected: "slow > fast (8)")) {
        try make("sma_cross", "fast=8,slow=3")
    }
}

@Test func aRegisteredPluginIsBuiltByItsKind() throws {
    var registry = StrategyRegistry()
    registry.register(kind: "donchian_fast") { _ throws(StrategyError) in
        try Donchian(period: 2, quantity: .one)
    }
    #expect(registry.kinds == ["donchian_fast"])
    #expect(try registry.make(kind: "donchian_fast", parameters: StrategyParameters()) is Donchian)
}
