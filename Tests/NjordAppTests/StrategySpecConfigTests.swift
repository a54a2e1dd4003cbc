import Foundation
import NjordApp
import NjordConfig
import NjordStrategies
import Testing

private let configDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("config").path

@Test func everyShippedStrategyEntryBuildsThroughTheRegistry() throws {
    let config = try NjordConfiguration.load(directory: configDirectory, environment: [:])
    let all = config.strategies.map(StrategySpec.init(config:))
    #expect(all.count == config.strategies.count)
    for spec in all {
        _ = try StrategyRegistry.standard.make(kind: spec.kind, parameters: spec.parameters)
    }
    let sma = try #require(all.first { $0.id == "sma_btc" })
    #expect(sma.kind == "sma_cross" && sma.symbol == "BTCUSDT")
    #expect(sma.parameters.values["fast"] == config.strategies[0].integer("fast").map(String.init))
    #expect(sma.parameters.values["quantity"] == config.strategies[0].decimal("quantity"))
}

@Test func onlyEnabledEntriesAreRun() throws {
    let config = try NjordConfiguration.load(directory: configDirectory, environment: [:])
    let host = try StrategyHost(specs: StrategySpec.enabled(in: config.strategies))
    #expect(host.strategies.map(\.id) == config.strategies.filter(\.enabled).map(\.id).sorted())
    #expect(host.strategies.count < config.strategies.count, "the shipped file has a disabled entry")
}
