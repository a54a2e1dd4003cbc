import NjordCore
import NjordMarketData
import Testing

struct SimMarketSimulatorTests {
    static func run(_ config: MarketSimConfig, seconds: Int64) throws -> [SimEvent] {
        var sim = try MarketSimulator(config: config)
        return sim.advance(to: config.startTime.adding(nanoseconds: seconds * 1_000_000_000))
    }

    static func bytes(_ events: [SimEvent]) -> [UInt8] {
        var out: [UInt8] = []
        for e in events {
            e.envelope.encode(into: &out)
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    @Test func sameSeedGivesTheSameEventsByteForByte() throws {
        let config = MarketSimConfig.standard(seed: 42)
        let first = try Self.run(config, seconds: 60)
        let second = try Self.run(config, seconds: 60)
        #expect(first.count > 1_000)
        #expect(Set(first.map(\.envelope.type)) == [.trade, .bookSnapshot, .bookDelta, .topOfBook])
        #expect(Self.bytes(first) == Self.bytes(second))
        let other = try Self.run(MarketSimConfig.standard(seed: 43), seconds: 60)
        #expect(Self.bytes(other) != Self.bytes(first))
    }

    @Test func symbolsHaveIndependentMarketsWhateverTheirOrder() throws {
        let both = try Self.run(MarketSimConfig.standard(seed: 9, symbols: ["ETHUSDT", "BTCUSDT"]), seconds: 20)
        let alone = try Self.run(MarketSimConfig.standard(seed: 9, symbols: ["BTCUSDT"]), seconds: 20)
        let btc = both.filter { $0.topic.hasSuffix(".BTCUSDT") }
        #expect(Self.bytes(btc) == Self.bytes(alone))
    }

    @Test func advanceAndNextGiveTheSameSequence() throws {
        let config = MarketSimConfig.standard(seed: 5)
        var chunked = try MarketSimulator(config: config)
        var byChunks: [SimEvent] = []
        for second in 1...10 {
            let until = config.startTime.adding(nanoseconds: Int64(second) * 1_000_000_000)
            let chunk = chunked.advance(to: until)
            #expect(chunk.allSatisfy { $0.envelope.eventTime <= until })
            byChunks += chunk
        }
        var single = try MarketSimulator(config: config)
        let oneByOne = (0..<byChunks.count).map { _ in single.next() }
        #expect(Self.bytes(oneByOne) == Self.bytes(byChunks))
        // Time never goes backwards.
        #expect(zip(byChunks, byChunks.dropFirst()).allSatisfy { $0.envelope.eventTime <= $1.envelope.eventTime })
    }

    @Test func bookIsNeverCrossedAndItsEventsRebuildIt() throws {
        var sim = try MarketSimulator(config: MarketSimConfig.standard(seed: 11))
        var books: [String: SimReferenceBook] = [:]
        var deltas = 0, snapshotsChecked = 0
        let end = sim.config.startTime.adding(nanoseconds: 120_000_000_000)
        while sim.now < end {
            let events = sim.step()
            var touched: Set<String> = []
            for e in events {
                switch e.envelope.payload {
                case .bookSnapshot(let s):
                    if books[s.symbol] != nil {
                        #expect(books[s.symbol]!.matches(s), "snapshot differs from the book the deltas built")
                        snapshotsChecked += 1
                    }
                    books[s.symbol, default: SimReferenceBook()].apply(s)
                case .bookDelta(let d):
                    books[d.symbol, default: SimReferenceBook()].apply(d)
                    touched.insert(d.symbol)
                    deltas += 1
                case .topOfBook(let t):
                    #expect(t.bid < t.ask)
                default: break
                }
            }
            for symbol in sim.symbols {
                let book = try #require(sim.book(of: symbol))
                let bestBid = try #require(book.bids.first), bestAsk = try #require(book.asks.first)
                #expect(bestBid.price < bestAsk.price, "crossed book for \(symbol) at \(sim.now)")
                #expect(zip(book.bids, book.bids.dropFirst()).allSatisfy { $0.price > $1.price })
                #expect(zip(book.asks, book.asks.dropFirst()).allSatisfy { $0.price < $1.price })
                #expect(book.bids.count <= 50 && book.asks.count <= 50)
                if touched.contains(symbol) { #expect(books[symbol]!.matches(book)) }
            }
        }
        #expect(deltas > 2_000)
        #expect(snapshotsChecked >= 20)
        #expect(books.values.allSatisfy { $0.gaps == 0 })
    }

    @Test func deltaUpdateIdsFollowOnByExactlyOne() throws {
        let events = try Self.run(MarketSimConfig.standard(seed: 12), seconds: 60)
        var last: [String: Int64] = [:]
        for e in events {
            switch e.envelope.payload {
            case .bookSnapshot(let s) where last[s.symbol] == nil:
                last[s.symbol] = s.lastUpdateId
            case .bookDelta(let d):
                #expect(d.firstUpdateId == last[d.symbol].map { $0 + 1 })
                #expect(d.lastUpdateId >= d.firstUpdateId)
                last[d.symbol] = d.lastUpdateId
            default: break
            }
        }
        #expect(last.count == 2)
    }

    @Test func tradesTakeExactlyWhatRestedOnTheOppositeSide() throws {
        var sim = try MarketSimulator(config: MarketSimConfig.standard(seed: 13))
        var trades = 0, multiLevel = 0
        let end = sim.config.startTime.adding(nanoseconds: 120_000_000_000)
        while sim.now < end {
            let before = Dictionary(uniqueKeysWithValues: sim.symbols.map { ($0, sim.book(of: $0)!) })
            let events = sim.step()
            var taken: [String: [Fixed: Fixed]] = [:]
            var takerSide: [String: Side] = [:]
            for e in events {
                guard case .trade(let t) = e.envelope.payload else { continue }
                #expect(!events.contains { $0.envelope.type == .bookDelta }, "a taker step is not a book step")
                let book = before[t.symbol]!
                let resting = t.side == .buy ? book.asks : book.bids
                #expect(resting.contains { $0.price == t.price }, "trade at \(t.price) not in the book")
                if t.side == .buy {
                    #expect(t.price >= book.asks[0].price)
                } else {
                    #expect(t.price <= book.bids[0].price)
                }
                #expect(takerSide[t.symbol] == nil || takerSide[t.symbol] == t.side)
                takerSide[t.symbol] = t.side
                taken[t.symbol, default: [:]][t.price, default: .zero] += t.qty
                trades += 1
            }
            for (symbol, byPrice) in taken {
                if byPrice.count > 1 { multiLevel += 1 }
                let side = takerSide[symbol]!
                let old = before[symbol]!, new = sim.book(of: symbol)!
                let (oldSide, newSide) = side == .buy ? (old.asks, new.asks) : (old.bids, new.bids)
                #expect((side == .buy ? old.bids : old.asks) == (side == .buy ? new.bids : new.asks))
                let newQty = Dictionary(uniqueKeysWithValues: newSide.map { ($0.price, $0.qty) })
                var consumed = Fixed.zero
                for level in oldSide {
                    let gone = level.qty - (newQty[level.price] ?? .zero)
                    #expect(gone == (byPrice[level.price] ?? .zero))
                    consumed += gone
                }
                #expect(consumed == byPrice.values.reduce(.zero, +))
            }
        }
        #expect(trades > 2_000)
        #expect(multiLevel > 0, "some takers walk more than one level")
    }

    @Test func everyPriceIsOnTheTickGridAndEveryQuantityOnTheStepGrid() throws {
        let config = MarketSimConfig.standard(seed: 14)
        let grids = Dictionary(uniqueKeysWithValues: config.symbols.map { ($0.symbol, ($0.tickSize, $0.stepSize)) })
        func check(_ symbol: String, _ price: Fixed, _ qty: Fixed, removal: Bool = false) {
            let (tick, step) = grids[symbol]!
            #expect(price.isPositive && price.isMultiple(of: tick), "\(symbol) price \(price)")
            #expect(qty.isMultiple(of: step) || qty.isZero, "\(symbol) qty \(qty)")
            #expect(qty.isPositive || (removal && qty.isZero), "\(symbol) qty \(qty)")
        }
        for e in try Self.run(config, seconds: 60) {
            switch e.envelope.payload {
            case .trade(let t): check(t.symbol, t.price, t.qty)
            case .bookSnapshot(let s): for l in s.bids + s.asks { check(s.symbol, l.price, l.qty) }
            case .bookDelta(let d): for l in d.bids + d.asks { check(d.symbol, l.price, l.qty, removal: true) }
            case .topOfBook(let t):
                check(t.symbol, t.bid, t.bidQty)
                check(t.symbol, t.ask, t.askQty)
            default: Issue.record("unexpected \(e.envelope.type)")
            }
        }
    }

    @Test func envelopesCarryTheSourceAndASequencePerStream() throws {
        let events = try Self.run(MarketSimConfig.standard(seed: 15), seconds: 30)
        var next: [String: UInt64] = [:]
        for e in events {
            #expect(e.envelope.source == "sim")
            #expect(e.topic.hasPrefix(e.envelope.type.rawValue + "."))
            #expect(e.envelope.sequence == next[e.topic, default: 1])
            next[e.topic] = e.envelope.sequence + 1
        }
        #expect(next.count == 8)
        #expect(Set(events.map(\.envelope.id)).count == events.count)
        // Every envelope survives its own wire format.
        for e in events.prefix(2_000) { #expect(try EventEnvelope(json: e.envelope.encoded()) == e.envelope) }
    }

    @Test func tradeArrivalsFollowTheRegimeRates() throws {
        var sim = try MarketSimulator(config: MarketSimConfig.standard(seed: 16))
        _ = sim.advance(to: sim.config.startTime.adding(nanoseconds: 1_800_000_000_000))
        for symbol in sim.symbols {
            let stats = try #require(sim.statistics(of: symbol))
            var expected = 0.0
            for (i, regime) in sim.config.regimes.enumerated() {
                expected += regime.tradesPerSecond * Double(stats.nanosecondsInRegime[i]) / 1e9
            }
            // ~30 000 arrivals: a Poisson count's standard deviation is under 1%.
            #expect(abs(Double(stats.tradeArrivals) - expected) / expected < 0.03, "\(symbol) \(stats)")
            #expect(stats.trades >= stats.tradeArrivals)
            #expect(stats.deltas >= 17_900 && stats.deltas <= 18_000)
            #expect(stats.snapshots == 181)
        }
    }

    @Test func aSingleRegimeGivesItsConfiguredRate() throws {
        var config = MarketSimConfig.standard(seed: 17, symbols: ["BTCUSDT"])
        config.regimes = [
            SimRegime(name: "only", volatilityPerSqrtSecond: 0.001, tradesPerSecond: 25, meanDurationSeconds: 1)
        ]
        config.bookUpdatesPerSecond = 20
        let events = try Self.run(config, seconds: 600)
        var sim = try MarketSimulator(config: config)
        _ = sim.advance(to: config.startTime.adding(nanoseconds: 600_000_000_000))
        let stats = try #require(sim.statistics(of: "BTCUSDT"))
        #expect(abs(Double(stats.tradeArrivals) / 600 - 25) < 25 * 0.03)
        #expect(stats.regimeSwitches == 0)
        #expect(events.filter { $0.envelope.type == .bookDelta }.count == stats.deltas)
        #expect(stats.deltas > 11_900)
    }

    @Test func regimesSwitchAndEachIsVisited() throws {
        var sim = try MarketSimulator(config: MarketSimConfig.standard(seed: 18))
        var seen: Set<String> = []
        let start = sim.config.startTime
        for second in stride(from: 10, through: 1_800, by: 10) {
            _ = sim.advance(to: start.adding(nanoseconds: Int64(second) * 1_000_000_000))
            seen.insert(sim.regime(of: "BTCUSDT")!.name)
        }
        let stats = try #require(sim.statistics(of: "BTCUSDT"))
        #expect(stats.regimeSwitches > 5)
        #expect(stats.nanosecondsInRegime.allSatisfy { $0 > 0 })
        #expect(seen == ["calm", "normal", "volatile"])
    }

    @Test func volatileRegimeMovesThePriceMoreThanCalm() throws {
        func spread(_ regime: SimRegime) throws -> Double {
            var config = MarketSimConfig.standard(seed: 19, symbols: ["BTCUSDT"])
            config.regimes = [regime]
            let mids = try Self.run(config, seconds: 600).compactMap { e -> Double? in
                guard case .topOfBook(let t) = e.envelope.payload else { return nil }
                return (t.bid + t.ask).doubleValue / 2
            }
            let returns = zip(mids, mids.dropFirst()).map { ($1 - $0) / $0 }
            return returns.reduce(0) { $0 + $1 * $1 }
        }
        let calm = try spread(SimRegime.defaults[0]), wild = try spread(SimRegime.defaults[2])
        #expect(wild > 10 * calm)
    }

    @Test func priceNeverGoesBelowTheBookFloorEvenWhenVolatile() throws {
        var config = MarketSimConfig.standard(seed: 20, symbols: ["TINYUSDT"])
        config.symbols[0].startPrice = Fixed(1)
        config.regimes = [
            SimRegime(name: "wild", volatilityPerSqrtSecond: 0.5, tradesPerSecond: 30, meanDurationSeconds: 1)
        ]
        var sim = try MarketSimulator(config: config)
        let end = config.startTime.adding(nanoseconds: 300_000_000_000)
        while sim.now < end {
            for e in sim.step() {
                if case .trade(let t) = e.envelope.payload { #expect(t.price.isPositive) }
            }
            let book = try #require(sim.book(of: "TINYUSDT"))
            #expect(book.bids.allSatisfy { $0.price.isPositive })
            #expect(book.bids[0].price < book.asks[0].price)
        }
    }

    @Test func onDemandSnapshotIsTheCurrentBookOnItsStream() throws {
        var sim = try MarketSimulator(config: MarketSimConfig.standard(seed: 21))
        _ = sim.advance(to: sim.config.startTime.adding(nanoseconds: 3_000_000_000))
        let onDemand = sim.snapshot(of: "ETHUSDT")
        let event = try #require(onDemand)
        guard case .bookSnapshot(let s) = event.envelope.payload else {
            Issue.record("not a snapshot")
            return
        }
        #expect(s == sim.book(of: "ETHUSDT"))
        #expect(event.topic == "md.book.ETHUSDT")
        #expect(event.envelope.sequence == 2)
        let unknown = sim.snapshot(of: "XRPUSDT")
        #expect(unknown == nil)
    }
}
