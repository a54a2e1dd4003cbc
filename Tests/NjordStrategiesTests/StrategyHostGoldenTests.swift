import Foundation
import NjordCore
import NjordStrategies
import Testing

/// The golden file: the intents a host running the three samples produces on the first
/// ``barCount`` bars of the shared FTX BTC-PERP 1-minute file, with ``TestVenue`` filling them.
/// Regenerate after an intended change of a rule with
/// `NJORD_UPDATE_GOLDEN=1 swift test --filter recordedBarsGiveTheRecordedIntentSequence`,
/// and review the diff before committing it.
private enum Golden {
    static let barCount = 3000
    static let symbol = "BTC-PERP"
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    /// One `order.intent` event envelope per line, canonical JSON.
    static let intents = directory.appendingPathComponent("recorded-intents.ndjson")

    static let specs = [
        StrategySpec(
            id: "sma_btc", kind: SmaCross.name, symbol: symbol,
            parameters: StrategyParameters(["fast": "3", "slow": "8", "quantity": "0.001"])),
        StrategySpec(
            id: "bollinger_btc", kind: Bollinger.name, symbol: symbol,
            parameters: StrategyParameters(["period": "10", "num_std": "2", "quantity": "0.001"])),
        StrategySpec(
            id: "donchian_btc", kind: Donchian.name, symbol: symbol,
            parameters: StrategyParameters(["period": "10", "quantity": "0.001"])),
    ]
}

/// Compares `produced` with the file's lines (or rewrites the file when regenerating).
private func compare(_ produced: [String], with url: URL) throws {
    if ProcessInfo.processInfo.environment["NJORD_UPDATE_GOLDEN"] == "1" {
        try (produced.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    }
    let recorded = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(produced.count == recorded.count, "\(url.lastPathComponent): line count")
    if let i = zip(produced, recorded).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
        Issue.record("\(url.lastPathComponent) line \(i + 1):\n produced \(produced[i])\n recorded \(recorded[i])")
    }
}

@Test func recordedBarsGiveTheRecordedIntentSequence() throws {
    let bars = try TestBars.recorded(Golden.barCount)
    #expect(bars.count == Golden.barCount)
    var host = try StrategyHost(
        specs: Golden.specs,
        filters: [Golden.symbol: InstrumentFilters(tickSize: .one, stepSize: try Fixed("0.0001"))])
    var venue = TestVenue()
    var intents: [String] = []
    var cancels = 0
    var perStrategy: [String: Int] = [:]
    for bar in bars {
        let fromFills = venue.match(bar, host: &host)
        venue.take(fromFills, host: &host)
        let fromBar = host.onBar(symbol: Golden.symbol, bar: bar)
        venue.take(fromBar, host: &host)
        for action in fromFills + fromBar {
            switch action {
            case .submit(let intent):
                perStrategy[intent.strategyId, default: 0] += 1
                let event = EventEnvelope(
                    id: intent.clientOrderId, source: "njord-strategy-host", sequence: UInt64(intents.count + 1),
                    eventTime: bar.time, receiveTime: bar.time, payload: .orderIntent(intent))
                intents.append(event.jsonString)
            case .cancel: cancels += 1
            }
        }
    }
    for spec in Golden.specs { #expect(perStrategy[spec.id, default: 0] > 0, "\(spec.id) never traded") }
    // Bollinger's limits rest at the bands and follow them (cancel + new) until a later bar
    // trades through: the replace path runs on real bars.
    #expect(cancels > 0)
    #expect(venue.fills > 0)
    try compare(intents, with: Golden.intents)
}
