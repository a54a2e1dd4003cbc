public import NjordCore

/// What the console knows of one symbol's market: last trade, top of book, a depth ladder, the
/// tape, a sparkline of 1 s closes, the update rate and the sequence gaps seen.
public struct MarketState: Sendable {
    /// Ladder levels kept per side; deeper levels from deltas are dropped.
    public static let maxLevels = 100

    public struct TapeEntry: Hashable, Sendable {
        public var time: Timestamp
        public var price: Fixed
        public var qty: Fixed
        public var side: Side
    }

    public var symbol: String
    public var last: Fixed?
    /// The first price seen since the console started: "change" is measured from it.
    public var reference: Fixed?
    public var bid: Fixed?
    public var bidQty: Fixed?
    public var ask: Fixed?
    public var askQty: Fixed?
    /// Best first: bids descending, asks ascending.
    public var bids: [PriceLevel] = []
    public var asks: [PriceLevel] = []
    public var bookUpdateId: Int64?
    public var tape = RingBuffer<TapeEntry>(capacity: 200)
    /// 1 s bar closes (or trade prices sampled once a second when no bars arrive).
    public var closes = RingBuffer<Double>(capacity: 240)
    public var trades = 0
    public var updates = RateMeter()
    public var tradeRate = RateMeter()
    /// Messages missing from the per-topic sequence numbers, plus book deltas that did not follow.
    public var gaps = 0
    public var sequences: [String: UInt64] = [:]
    public var lastEventAt: Timestamp?
    var lastSampledSecond: Int64 = .min

    public init(symbol: String) { self.symbol = symbol }

    public var spread: Fixed? {
        guard let bid, let ask else { return nil }
        return ask - bid
    }

    /// Counts the messages skipped on `topic` (a source restart, whose numbers start again, is no gap).
    mutating func track(sequence: UInt64, topic: String) {
        if let previous = sequences[topic], sequence > previous + 1 { gaps += Int(sequence - previous - 1) }
        sequences[topic] = sequence
    }

    mutating func apply(_ snapshot: BookSnapshot) {
        bids = Array(snapshot.bids.prefix(Self.maxLevels))
        asks = Array(snapshot.asks.prefix(Self.maxLevels))
        bookUpdateId = snapshot.lastUpdateId
        refreshTop()
    }

    mutating func apply(_ delta: BookDelta) {
        guard let current = bookUpdateId else { return }  // a ladder starts from a snapshot
        if delta.lastUpdateId <= current { return }
        if delta.firstUpdateId > current + 1 { gaps += 1 }
        bids = Self.merge(bids, delta.bids, descending: true)
        asks = Self.merge(asks, delta.asks, descending: false)
        // A venue may move a side without removing the levels it crossed; the newer prices win.
        if let highestBid = delta.bids.filter({ !$0.qty.isZero }).map(\.price).max() {
            asks.removeAll { $0.price <= highestBid }
        }
        if let lowestAsk = delta.asks.filter({ !$0.qty.isZero }).map(\.price).min() {
            bids.removeAll { $0.price >= lowestAsk }
        }
        bookUpdateId = delta.lastUpdateId
        refreshTop()
    }

    /// The top of book is the ingest's own view: levels on the wrong side of it are stale.
    mutating func apply(_ top: TopOfBook) {
        bid = top.bid
        bidQty = top.bidQty
        ask = top.ask
        askQty = top.askQty
        bids.removeAll { $0.price > top.bid }
        asks.removeAll { $0.price < top.ask }
    }

    private mutating func refreshTop() {
        if let best = bids.first {
            bid = best.price
            bidQty = best.qty
        }
        if let best = asks.first {
            ask = best.price
            askQty = best.qty
        }
    }

    static func merge(_ levels: [PriceLevel], _ changes: [PriceLevel], descending: Bool) -> [PriceLevel] {
        var byPrice: [Fixed: Fixed] = [:]
        for level in levels { byPrice[level.price] = level.qty }
        for change in changes { byPrice[change.price] = change.qty.isZero ? nil : change.qty }
        let sorted = byPrice.map { PriceLevel(price: $0.key, qty: $0.value) }
            .sorted { descending ? $0.price > $1.price : $0.price < $1.price }
        return Array(sorted.prefix(maxLevels))
    }

    mutating func apply(_ trade: Trade, at time: Timestamp) {
        last = trade.price
        if reference == nil { reference = trade.price }
        tape.append(TapeEntry(time: time, price: trade.price, qty: trade.qty, side: trade.side))
        trades += 1
        tradeRate.record(at: time)
        let second = time.nanosecondsSinceEpoch / 1_000_000_000
        if second != lastSampledSecond, lastSampledSecond != .max {
            closes.append(trade.price.doubleValue)
            lastSampledSecond = second
        }
    }

    mutating func apply(_ bar: Bar) {
        guard bar.interval == .oneSecond else { return }
        if lastSampledSecond != .max {
            // Bars arrived: from now on they alone feed the sparkline, one point per second.
            closes = RingBuffer(capacity: closes.capacity)
            lastSampledSecond = .max
        }
        closes.append(bar.close.doubleValue)
        if last == nil { last = bar.close }
        if reference == nil { reference = bar.open }
    }
}
