import Foundation
import NjordCore
import Testing

@Suite struct ContractGoldenFixtureTests {
    @Test(arguments: EventType.allCases)
    func fixtureDecodesAndReencodesToTheSameBytes(_ type: EventType) throws {
        let line = try ContractFixtures.line(type)
        let event = try EventEnvelope(json: line)
        #expect(event.type == type)
        #expect(event.encoded() == line, "\(type.rawValue): \(event.jsonString)")
    }

    @Test func journalLineWithItsNewlineDecodes() throws {
        let line = try ContractFixtures.line(.trade) + [UInt8(ascii: "\n")]
        let event = try EventEnvelope(json: line)
        #expect(event.sequence == 1042)
    }

    @Test func tradeFixtureHoldsTheExpectedValues() throws {
        let event = try EventEnvelope(json: try ContractFixtures.line(.trade))
        #expect(event.id == "md-ingest:1042")
        #expect(event.source == "md-ingest")
        #expect(event.eventTime == Timestamp(nanosecondsSinceEpoch: 1_723_161_255_342_000_000))
        #expect(event.receiveTime == Timestamp(nanosecondsSinceEpoch: 1_723_161_254_087_896_568))
        let expected = Trade(
            venue: "binance", symbol: "BTCUSDT", tradeId: 3_735_683_259, price: try Fixed("61837.63"),
            qty: try Fixed("0.02"), side: .sell)
        #expect(event.payload == .trade(expected))
    }

    @Test func bookFixtureKeepsLevelsInOrder() throws {
        let event = try EventEnvelope(json: try ContractFixtures.line(.bookSnapshot))
        guard case .bookSnapshot(let book) = event.payload else {
            Issue.record("expected a book, got \(event.type)")
            return
        }
        #expect(book.lastUpdateId == 50_093_239_218)
        #expect(book.bids.map(\.price) == book.bids.map(\.price).sorted(by: >))
        #expect(book.asks.map(\.price) == book.asks.map(\.price).sorted())
        #expect(book.bids.first == PriceLevel(price: try Fixed("61837.63"), qty: try Fixed("3.78826")))
    }

    @Test func encodedValueDecodesToAnEqualValue() throws {
        let intent = try OrderIntent(
            strategyId: "trend-1", clientOrderId: "c-1", symbol: "ETHUSDT", side: .sell, orderType: .market,
            quantity: nil, quoteAmount: try Fixed("250.5"), limitPrice: nil, timeInForce: .ioc, reason: "exit")
        let event = EventEnvelope(
            id: "s:1", source: "s", sequence: .max, eventTime: Timestamp(nanosecondsSinceEpoch: .min),
            receiveTime: Timestamp(nanosecondsSinceEpoch: .max), payload: .orderIntent(intent))
        var buffer: [UInt8] = Array("prefix".utf8)
        event.encode(into: &buffer)
        #expect(buffer.starts(with: Array("prefix{\"type\":\"order.intent\"".utf8)))
        #expect(try EventEnvelope(json: buffer.dropFirst(6)) == event)
    }

    /// Real Binance trade frames (from the shared data, when present) travel through the wire exactly.
    @Test func realBinanceTradesRoundTripExactly() throws {
        let root =
            ProcessInfo.processInfo.environment["NJORD_SHARED_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ContractFixtures.directory.appendingPathComponent("../../../../../shared").standardized.path
        let file = root + "/data/binance-ws/hftbacktest-raw/spot/btcusdt_20240808.gz"
        guard FileManager.default.fileExists(atPath: file) else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -dc '\(file)' | head -n 20000"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var checked = 0
        for line in output.split(separator: UInt8(ascii: "\n")) {
            guard let space = line.firstIndex(of: UInt8(ascii: " ")),
                let frame = try JSONSerialization.jsonObject(with: Data(line[(space + 1)...])) as? [String: Any],
                (frame["stream"] as? String)?.hasSuffix("@trade") == true,
                let data = frame["data"] as? [String: Any], let p = data["p"] as? String, let q = data["q"] as? String,
                let t = data["t"] as? Int64, let m = data["m"] as? Bool, let tt = data["T"] as? Int64
            else { continue }
            let received = Int64(String(decoding: line[..<space], as: UTF8.self)) ?? 0
            let trade = Trade(
                venue: "binance", symbol: "BTCUSDT", tradeId: t, price: try Fixed(p), qty: try Fixed(q),
                side: m ? .sell : .buy)
            let event = EventEnvelope(
                id: "md-ingest:\(checked)", source: "md-ingest", sequence: UInt64(checked),
                eventTime: Timestamp(millisecondsSinceEpoch: tt),
                receiveTime: Timestamp(nanosecondsSinceEpoch: received),
                payload: .trade(trade))
            let wire = event.jsonString
            #expect(wire.contains("\"price\":\"\(try Fixed(p).description)\""))
            #expect(try EventEnvelope(json: wire) == event)
            checked += 1
        }
        #expect(checked > 100)
    }
}
