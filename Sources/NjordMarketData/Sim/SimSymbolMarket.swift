import Foundation
import NjordCore

/// One simulated symbol: its regime chain, price process, book, trade arrivals and stream sequences.
///
/// The price process is the one place with continuous arithmetic: the log mid-price takes Gaussian
/// steps in `Double` (volatility from the regime), and is then rounded down onto the tick grid as
/// the book's centre. Bids rest at or below the centre, asks at or above centre + 1 tick, so the
/// book is never crossed; everything after the rounding is whole ticks and steps.
struct SimSymbolMarket: Sendable {
    let config: SimSymbolConfig
    let regimes: [SimRegime]
    let venue: String
    private(set) var random: SimRandom
    private(set) var book = SimOrderBook()
    private(set) var regimeIndex = 0
    private(set) var statistics: SimSymbolStatistics
    /// ln(mid) of the continuous process.
    private var logMid: Double
    /// The book's centre in ticks: the highest price a bid may rest at.
    private(set) var centerTicks: Int64
    /// When the next taker order arrives (ns since epoch).
    private(set) var nextTradeTime: Int64 = 0
    private var nextTradeId: Int64 = 1
    private var bookSteps: Int64 = 0
    private let tick: Double
    private let medianLevelSteps: Double
    private let medianTradeSteps: Double
    /// Per-stream sequence numbers: trade, book, delta, tob.
    private var sequences: [UInt64] = [0, 0, 0, 0]
    private let topics: [String]

    /// Chance per book step that a resting level is cancelled, or re-sized.
    static let cancelChance = 0.03
    static let resizeChance = 0.10
    /// Chance per book step that an empty slot within the window gets an order.
    static let refillChance = 0.30
    /// A taker walks at most this many levels.
    static let maxLevelsPerTaker = 10

    init(config: SimSymbolConfig, regimes: [SimRegime], venue: String, seed: UInt64, start: Int64) {
        self.config = config
        self.regimes = regimes
        self.venue = venue
        // Each symbol has its own stream of draws, keyed by its name: adding or reordering symbols
        // leaves the others' markets unchanged.
        random = SimRandom(seed: seed ^ Self.fnv1a(config.symbol))
        statistics = SimSymbolStatistics(regimeCount: regimes.count)
        tick = config.tickSize.doubleValue
        medianLevelSteps = max(1, Double(config.medianLevelQuantity.count(of: config.stepSize, .toNearestOrEven)))
        medianTradeSteps = max(1, Double(config.medianTradeQuantity.count(of: config.stepSize, .toNearestOrEven)))
        centerTicks = Int64(config.startPrice.count(of: config.tickSize, .down))
        logMid = Foundation.log(Double(centerTicks) * tick)
        topics = [
            Topics.trades(config.symbol), Topics.book(config.symbol), Topics.bookDeltas(config.symbol),
            Topics.topOfBook(config.symbol),
        ]
        nextTradeTime = start + waitNanoseconds()
        for distance in 0..<Int64(config.levels) {
            book.set(isBid: true, ticks: centerTicks - distance, steps: levelSize())
            book.set(isBid: false, ticks: centerTicks + 1 + distance, steps: levelSize())
        }
        book.markPublished()
    }

    var regime: SimRegime { regimes[regimeIndex] }

    // MARK: - Actions

    /// A taker order arrives now: it walks the opposite side; one trade per level taken.
    mutating func takerArrives(at time: Int64) -> [SimEvent] {
        statistics.tradeArrivals += 1
        nextTradeTime = time + waitNanoseconds()
        let buys = random.chance(0.5)
        let steps = random.logNormalCount(median: medianTradeSteps, sigma: 1.0)
        let topBefore = (book.bestBid, book.bestAsk)
        let fills = book.consume(takerBuys: buys, steps: steps, maxLevels: Self.maxLevelsPerTaker)
        var events: [SimEvent] = []
        for fill in fills {
            let trade = Trade(
                venue: venue, symbol: config.symbol, tradeId: nextTradeId, price: price(fill.ticks),
                qty: quantity(fill.steps), side: buys ? .buy : .sell)
            nextTradeId += 1
            statistics.trades += 1
            events.append(event(.trade(trade), stream: 0, at: time))
        }
        if topBefore != (book.bestBid, book.bestAsk), let tob = topOfBook(at: time) { events.append(tob) }
        return events
    }

    /// One book step of `period` ns ending now: regime switch, price step, book evolution, then the
    /// delta, a snapshot when one is due, and the top of book.
    mutating func bookStep(at time: Int64, period: Int64, snapshotEvery: Int64) -> [SimEvent] {
        bookSteps += 1
        let dt = Double(period) / 1e9
        statistics.nanosecondsInRegime[regimeIndex] += period
        switchRegimeMaybe(dt: dt, at: time)
        stepPrice(dt: dt)
        evolveBook()
        var events: [SimEvent] = []
        if let change = book.takeDelta() {
            let delta = BookDelta(
                venue: venue, symbol: config.symbol, firstUpdateId: change.first, lastUpdateId: change.last,
                bids: change.bids.map(level), asks: change.asks.map(level))
            statistics.deltas += 1
            events.append(event(.bookDelta(delta), stream: 2, at: time))
        }
        if bookSteps % snapshotEvery == 0 { events.append(snapshot(at: time)) }
        if let tob = topOfBook(at: time) { events.append(tob) }
        return events
    }

    /// The whole book now as an `md.book` event.
    mutating func snapshot(at time: Int64) -> SimEvent {
        statistics.snapshots += 1
        return event(.bookSnapshot(currentBook()), stream: 1, at: time)
    }

    /// The whole book now (its `lastUpdateId` is the latest change, published or not).
    func currentBook() -> BookSnapshot {
        BookSnapshot(
            venue: venue, symbol: config.symbol, lastUpdateId: book.updateId, bids: book.bids.map(level),
            asks: book.asks.map(level))
    }

    /// The best bid and ask now as an `md.tob` event; nil while a side is empty.
    mutating func topOfBook(at time: Int64) -> SimEvent? {
        guard let bid = book.bestBid, let ask = book.bestAsk else { return nil }
        statistics.topOfBooks += 1
        let tob = TopOfBook(
            venue: venue, symbol: config.symbol, updateId: book.updateId, bid: price(bid.ticks),
            bidQty: quantity(bid.steps), ask: price(ask.ticks), askQty: quantity(ask.steps))
        return event(.topOfBook(tob), stream: 3, at: time)
    }

    // MARK: - Processes

    private mutating func switchRegimeMaybe(dt: Double, at time: Int64) {
        guard regimes.count > 1 else { return }
        // Exponential holding time, checked once per book step: P(switch in dt) = 1 − e^(−dt/mean).
        let p = 1 - Foundation.exp(-dt / regime.meanDurationSeconds)
        guard random.chance(p) else { return }
        var next = random.below(regimes.count - 1)
        if next >= regimeIndex { next += 1 }
        regimeIndex = next
        statistics.regimeSwitches += 1
        // Poisson arrivals are memoryless: a fresh wait at the new rate keeps the process exact.
        nextTradeTime = time + waitNanoseconds()
    }

    private mutating func stepPrice(dt: Double) {
        let sigma = regime.volatilityPerSqrtSecond
        logMid += sigma * Foundation.sqrt(dt) * random.normal() - 0.5 * sigma * sigma * dt
        let floorTicks = Int64(config.levels) + 1  // keeps every bid level above zero
        let raw = Foundation.exp(logMid) / tick
        let ticks = raw.isFinite ? Int64(Swift.min(raw, 1e15).rounded(.down)) : centerTicks
        if ticks < floorTicks {
            centerTicks = floorTicks
            logMid = Foundation.log(Double(floorTicks) * tick)
        } else {
            centerTicks = ticks
        }
    }

    /// Orders outside the window or across the centre leave; resting ones are cancelled or
    /// re-sized at random; empty slots in the window fill up again over the next steps.
    private mutating func evolveBook() {
        let window = Int64(config.levels)
        for isBid in [true, false] {
            let best = isBid ? centerTicks : centerTicks + 1
            for level in book.side(isBid: isBid) {
                let distance = isBid ? best - level.ticks : level.ticks - best
                if distance < 0 || distance >= window {
                    book.set(isBid: isBid, ticks: level.ticks, steps: 0)
                    continue
                }
                let u = random.unit()
                if u < Self.cancelChance {
                    book.set(isBid: isBid, ticks: level.ticks, steps: 0)
                } else if u < Self.cancelChance + Self.resizeChance {
                    book.set(isBid: isBid, ticks: level.ticks, steps: levelSize())
                }
            }
            var occupied = Array(repeating: false, count: Int(window))
            for level in book.side(isBid: isBid) {
                occupied[Int(isBid ? best - level.ticks : level.ticks - best)] = true
            }
            for distance in 0..<window where !occupied[Int(distance)] && random.chance(Self.refillChance) {
                book.set(isBid: isBid, ticks: isBid ? best - distance : best + distance, steps: levelSize())
            }
            // A side never stays empty: its best slot is filled for sure.
            if book.side(isBid: isBid).isEmpty { book.set(isBid: isBid, ticks: best, steps: levelSize()) }
        }
    }

    private mutating func waitNanoseconds() -> Int64 {
        let seconds = random.exponential(rate: regime.tradesPerSecond)
        return Swift.max(1, Int64(Swift.min(seconds, 1e6) * 1e9))
    }

    private mutating func levelSize() -> Int64 { random.logNormalCount(median: medianLevelSteps, sigma: 0.8) }

    // MARK: - Conversions

    private func price(_ ticks: Int64) -> Fixed { config.tickSize.times(Int(ticks)) }
    private func quantity(_ steps: Int64) -> Fixed { config.stepSize.times(Int(steps)) }
    private func level(_ l: SimOrderBook.Level) -> PriceLevel {
        PriceLevel(price: price(l.ticks), qty: quantity(l.steps))
    }

    private mutating func event(_ payload: EventPayload, stream: Int, at time: Int64) -> SimEvent {
        sequences[stream] += 1
        let topic = topics[stream]
        let stamp = Timestamp(nanosecondsSinceEpoch: time)
        return SimEvent(
            topic: topic,
            envelope: EventEnvelope(
                id: "\(venue):\(topic):\(sequences[stream])", source: venue, sequence: sequences[stream],
                eventTime: stamp, receiveTime: stamp, payload: payload))
    }

    /// FNV-1a of the symbol's bytes: a stable per-symbol seed offset.
    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
