import Foundation
import NjordApp
import NjordConfig
import NjordCore
import NjordRedis
import NjordTestSupport
import Testing

/// `PaperTraderService.run`: the daemon embedded on a thread of the caller, as a benchmark runs it.
@Suite struct PaperTraderServiceTests {
    @Test func anEmbeddedPaperTraderFillsApprovedDecisionsAndStopsWhenAsked() throws {
        let h = try PaperTraderHarness()
        try h.book(
            bids: [try .init(price: Fixed("100"), qty: Fixed("1"))],
            asks: [try .init(price: Fixed("101"), qty: Fixed("1"))])
        let port = try #require(h.server.port)
        let stop = Collector<Bool>()
        let failures = Collector<String>()
        let root = h.journalRoot, runDir = h.runDir
        let thread = Thread {
            do {
                let bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
                defer { bus.close() }
                try PaperTraderService.run(
                    bus: bus, journalRoot: root, runDirectory: runDir,
                    paper: PaperConfig(makerFeeBps: "0", takerFeeBps: "0"), symbols: ["BTCUSDT"],
                    shouldStop: { !stop.all.isEmpty })
            } catch {
                failures.append("\(error)")
            }
        }
        thread.start()
        try h.decide(try h.intent("e-1", side: .buy, type: .market, quantity: "0.5"))
        let filled = try eventually { try h.fills().map(\.fillId) == ["e-1-f1"] }
        #expect(filled)
        #expect(try h.fills().first?.fee == .zero, "the paper section given is used")
        stop.append(true)
        thread.join()
        #expect(failures.all.isEmpty, "\(failures.all)")
    }
}
