import NjordCore
import NjordMarketData
import Testing

/// The ingest pipeline: exact bars, dedup, top-N books, contiguous sequences, determinism.
@Suite struct IngestPipelineTests {
    static let t0: Int64 = 1_704_067_200_000_000_000  // a whole minute
    static let s: Int64 = 1_000_000_000

    static func fx(_ text: String) -> Fixed {
        do { return try Fixed(text) } catch {
            Issue.record("\(text): \(error)")
            return .zero
        }
    }

    static func trade(_ id: Int64, _ price: String, _ qty: String, at ns: Int64) throws -> VenueEvent {
        let trade = Trade(
            venue: "sim", symbol: "BTCUSDT", tradeId: id, price: try Fixed(price), qty: try Fixed(qty), side: .buy)
        return VenueEvent(
            topic: Topics.trades("BTCUSDT"),
            envelope: EventEnvelope(
                id: "v-\(id)", source: "venue", sequence: UInt64(id), eventTime: Timestamp(nanosecondsSinceEpoch: ns),
                receiveTime: Timestamp(nanosecondsSinceEpoch: ns), payload: .trade(trade)))
    }

    static func book(_ payload: EventPayload, at ns: Int64, topic: String) -> VenueEvent {
        VenueEvent(
            topic: topic,
            envelope: EventEnvelope(
                id: "b-\(ns)", source: "venue", sequence: 1, eventTime: Timestamp(nanosecondsSinceEpoch: ns),
                receiveTime: Timestamp(nanosecondsSinceEpoch: ns), payload: payload))
    }

    static func published(_ actions: [IngestAction]) -> [(String, EventEnvelope)] {
        actions.compactMap { if case .publish(let topic, let envelope) = $0 { (topic, envelope) } else { nil } }
    }

    static func bars(_ actions: [IngestAction], _ interval: BarInterval) -> [Bar] {
        published(actions).compactMap {
            if case .bar(let bar) = $0.1.payload, bar.interval == interval { bar } else { nil }
        }
    }

    @Test func barsAreExactOHLCVAcrossAMinuteBoundary() throws {
        var pipeline = IngestPipeline()
        let start = Self.t0 + 58 * Self.s
        let trades = [
            try Self.trade(1, "100.00", "1.5", at: start + 100_000_000),  // second 58
            try Self.trade(2, "102.50", "0.5", at: start + 900_000_000),
            try Self.trade(3, "99.00", "2", at: start + Self.s + 1),  // second 59
            try Self.trade(4, "101.00", "0.25", at: start + 2 * Self.s),  // second 60: next minute, exactly on the edge
            try Self.trade(5, "103.00", "1", at: start + 2 * Self.s + 500_000_000),
        ]
        var actions: [IngestAction] = []
        for trade in trades { actions += pipeline.ingest(trade) }
        actions += pipeline.advance(to: Timestamp(nanosecondsSinceEpoch: Self.t0 + 120 * Self.s))

        let minutes = Self.bars(actions, .oneMinute)
        #expect(minutes.count == 2)
        let first = try #require(minutes.first)
        #expect(first.openTime.nanosecondsSinceEpoch == Self.t0)
        #expect(first.open == Self.fx("100") && first.high == Self.fx("102.5"))
        #expect(first.low == Self.fx("99") && first.close == Self.fx("99"))
        #expect(first.volume == Self.fx("4") && first.trades == 3)
        let second = try #require(minutes.last)
        #expect(second.openTime.nanosecondsSinceEpoch == Self.t0 + 60 * Self.s)
        #expect(second.open == Self.fx("101") && second.close == Self.fx("103"))
        #expect(second.volume == Self.fx("1.25") && second.trades == 2)

        let seconds = Self.bars(actions, .oneSecond)
        #expect(seconds.map(\.openTime.nanosecondsSinceEpoch) == [start, start + Self.s, start + 2 * Self.s])
        #expect(seconds.map(\.trades) == [2, 1, 2])
        #expect(seconds[0].high == Self.fx("102.5") && seconds[0].low == Self.fx("100"))
    }

    @Test func aBarIsPublishedWhenTimePassesItsEndAndNotBefore() throws {
        var pipeline = IngestPipeline()
        _ = pipeline.ingest(try Self.trade(1, "10", "1", at: Self.t0 + 200_000_000))
        let early = pipeline.advance(to: Timestamp(nanosecondsSinceEpoch: Self.t0 + Self.s - 1))
        #expect(Self.bars(early, .oneSecond).isEmpty)
        let atEnd = pipeline.advance(to: Timestamp(nanosecondsSinceEpoch: Self.t0 + Self.s))
        let bar = try #require(Self.published(atEnd).first { $0.0 == Topics.bars(.oneSecond, "BTCUSDT") })
        #expect(bar.1.eventTime.nanosecondsSinceEpoch == Self.t0 + Self.s)
        #expect(bar.1.sequence == 1)
    }

    @Test func repeatedTradeIdsAreDroppedAndCounted() throws {
        var pipeline = IngestPipeline()
        var actions: [IngestAction] = []
        for id: Int64 in [1, 2, 2, 3, 1] {
            actions += pipeline.ingest(try Self.trade(id, "10", "1", at: Self.t0 + id))
        }
        let trades = Self.published(actions).filter { $0.0 == Topics.trades("BTCUSDT") }
        #expect(trades.map(\.1.sequence) == [1, 2, 3])
        #expect(pipeline.streamStatuses.first?.duplicates == 2)
        #expect(pipeline.streamStatuses.first?.messages == 5)
    }

    @Test func bookKeepsTopNAndDropsStaleDeltasAndAsksForASnapshotAfterAGap() throws {
        var pipeline = IngestPipeline(options: IngestOptions(bookDepth: 2))
        let levels = try (0..<5).map { PriceLevel(price: try Fixed("\(100 - $0)"), qty: try Fixed("1")) }
        let asks = try (0..<5).map { PriceLevel(price: try Fixed("\(101 + $0)"), qty: try Fixed("1")) }
        let snapshot = BookSnapshot(venue: "sim", symbol: "BTCUSDT", lastUpdateId: 10, bids: levels, asks: asks)
        var actions = pipeline.ingest(Self.book(.bookSnapshot(snapshot), at: Self.t0, topic: Topics.book("BTCUSDT")))
        let key = try #require(actions.compactMap { if case .setKey(let k, let v) = $0 { (k, v) } else { nil } }.first)
        #expect(key.0 == Topics.latestBookKey("BTCUSDT"))
        guard case .bookSnapshot(let stored) = try EventEnvelope(json: key.1).payload else {
            Issue.record("the key does not hold a book")
            return
        }
        #expect(stored.bids == Array(levels.prefix(2)) && stored.asks == Array(asks.prefix(2)))

        let delta = { (first: Int64, last: Int64) in
            BookDelta(
                venue: "sim", symbol: "BTCUSDT", firstUpdateId: first, lastUpdateId: last,
                bids: [PriceLevel(price: try Fixed("100.5"), qty: try Fixed("2"))], asks: [])
        }
        let topic = Topics.bookDeltas("BTCUSDT")
        actions = pipeline.ingest(Self.book(.bookDelta(try delta(11, 12)), at: Self.t0 + 1, topic: topic))
        #expect(Self.published(actions).map(\.1.sequence) == [1])
        actions = pipeline.ingest(Self.book(.bookDelta(try delta(11, 12)), at: Self.t0 + 2, topic: topic))
        #expect(Self.published(actions).isEmpty)
        #expect(pipeline.book(of: "BTCUSDT")?.bestBid?.price == Self.fx("100.5"))
        actions = pipeline.ingest(Self.book(.bookDelta(try delta(20, 21)), at: Self.t0 + 3, topic: topic))
        #expect(actions == [.requestSnapshot(symbol: "BTCUSDT")])
        let status = try #require(pipeline.streamStatuses.first { $0.stream == topic })
        #expect(status.duplicates == 1 && status.gaps == 1)

        let fresh = BookSnapshot(venue: "sim", symbol: "BTCUSDT", lastUpdateId: 20, bids: levels, asks: asks)
        actions = pipeline.ingest(Self.book(.bookSnapshot(fresh), at: Self.t0 + 4, topic: Topics.book("BTCUSDT")))
        #expect(Self.published(actions).map(\.1.sequence) == [2])
        #expect(pipeline.streamStatuses.first { $0.stream == Topics.book("BTCUSDT") }?.resyncs == 1)
        #expect(pipeline.book(of: "BTCUSDT")?.lastUpdateId == 21)
    }

    @Test func everyOutputTopicIsSequencedFromOneWithoutHolesOnTheSimulator() throws {
        let clock = ManualClock()
        let adapter = try SimVenueAdapter(config: .standard(seed: 7), clock: clock, speed: 1)
        var pipeline = IngestPipeline()
        try adapter.start()
        var actions: [IngestAction] = []
        for _ in 0..<70 {
            clock.advance(nanoseconds: 1_000_000_000)
            for event in adapter.poll() { actions += pipeline.ingest(event) }
            actions += pipeline.advance(to: adapter.now)
        }
        var byTopic: [String: [UInt64]] = [:]
        for (topic, envelope) in Self.published(actions) { byTopic[topic, default: []].append(envelope.sequence) }
        for (topic, sequences) in byTopic {
            #expect(sequences == Array(1...UInt64(sequences.count)), "\(topic)")
        }
        for symbol in adapter.symbols {
            #expect(byTopic[Topics.bars(.oneMinute, symbol)]?.count == 1, "\(symbol)")
            #expect((byTopic[Topics.bars(.oneSecond, symbol)]?.count ?? 0) > 30, "\(symbol)")
            #expect((byTopic[Topics.book(symbol)]?.count ?? 0) >= 70, "\(symbol)")
            #expect((byTopic[Topics.trades(symbol)]?.count ?? 0) > 0, "\(symbol)")
        }
    }

    @Test func theSameSeedGivesByteIdenticalJournalsWhateverThePollingPace() throws {
        func journal(step: Int64) throws -> [String: [UInt8]] {
            let clock = ManualClock()
            let adapter = try SimVenueAdapter(config: .standard(seed: 11), clock: clock, speed: 1)
            var pipeline = IngestPipeline()
            try adapter.start()
            var out: [String: [UInt8]] = [:]
            var elapsed: Int64 = 0
            while elapsed < 5_000_000_000 {
                clock.advance(nanoseconds: step)
                elapsed += step
                var actions: [IngestAction] = []
                for event in adapter.poll() { actions += pipeline.ingest(event) }
                actions += pipeline.advance(to: adapter.now)
                for case .journal(let stream, let record) in actions { out[stream, default: []] += record + [10] }
            }
            return out
        }
        let coarse = try journal(step: 1_000_000_000)
        let fine = try journal(step: 40_000_000)
        #expect(!coarse.isEmpty)
        #expect(coarse == (try journal(step: 1_000_000_000)))
        #expect(coarse == fine)
    }
}
