import Foundation
import NjordCore
import NjordMarketData
import NjordTestSupport
import Testing

/// `njord md book --json` prints the replayed book and counts as one JSON object.
@Suite struct MarketDataBookCommandTests {
    @Test func bookCommandPrintsTheReplayedBookAsJSON() throws {
        let njord = try #require(NjordBinary.path(), "njord not built")
        let files = CaptureReplayTests.captures
        let process = Process()
        process.executableURL = URL(fileURLWithPath: njord)
        process.arguments = [
            "md", "book", "--input", files[0], "--input", files[1], "--symbol", "BTCUSDT", "--depth", "5", "--json",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let bids = try #require(object["bids"] as? [[String]])
        let asks = try #require(object["asks"] as? [[String]])

        // The reference: the same files replayed in process.
        var replay = MarketDataReplay(symbol: "BTCUSDT")
        try CaptureReplayer.replay(files: files, into: &replay)
        let top = replay.book.topN(5)
        #expect(bids == top.bids.map { [$0.price.description, $0.qty.description] })
        #expect(asks == top.asks.map { [$0.price.description, $0.qty.description] })
        #expect(bids.count == 5 && asks.count == 5)
        #expect(bids.first?.first == "61602.01")
        #expect(asks.first?.first == "61602.02")
        #expect(object["last_update_id"] as? Int == 50_093_696_318)
        #expect(object["applied"] as? Int == 6_493)
        #expect(object["dropped"] as? Int == 2)
        #expect(object["gaps"] as? Int == 0)
        #expect(object["resyncs"] as? Int == 0)
        #expect(object["trades"] as? Int == 19_904)
    }

    @Test func bookCommandWithoutInputFailsWithAUsageError() throws {
        let njord = try #require(NjordBinary.path(), "njord not built")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: njord)
        process.arguments = ["md", "book", "--symbol", "BTCUSDT"]
        process.standardOutput = Pipe()
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(message.contains("--input"))
    }
}
