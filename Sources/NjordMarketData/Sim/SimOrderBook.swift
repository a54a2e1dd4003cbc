/// The simulated venue's book for one symbol, in whole ticks and whole steps so every change is
/// exact; prices and quantities become `Fixed` only when an event is written.
///
/// Every level change takes the next update id, like Binance's depth stream: a delta built by
/// ``takeDelta()`` covers the ids since the previous one (`first = previous last + 1`), and carries
/// each changed level's final quantity (0 = removed), so a consumer that syncs from a snapshot by the
/// U/u rule sees exactly this book.
struct SimOrderBook: Sendable {
    struct Level: Hashable, Sendable {
        var ticks: Int64
        var steps: Int64
    }

    /// Highest price first.
    private(set) var bids: [Level] = []
    /// Lowest price first.
    private(set) var asks: [Level] = []
    /// The id of the latest change.
    private(set) var updateId: Int64 = 0
    /// The last id a delta (or the initial state) covered.
    private(set) var publishedUpdateId: Int64 = 0
    private var changedBids: [Int64: Int64] = [:]
    private var changedAsks: [Int64: Int64] = [:]

    var bestBid: Level? { bids.first }
    var bestAsk: Level? { asks.first }

    /// Sets the quantity at a price (0 removes the level); one update id per call that changes something.
    mutating func set(isBid: Bool, ticks: Int64, steps: Int64) {
        precondition(steps >= 0, "a level quantity is never negative")
        let changed =
            isBid ? Self.set(&bids, ticks, steps, descending: true) : Self.set(&asks, ticks, steps, descending: false)
        guard changed else { return }
        updateId += 1
        if isBid { changedBids[ticks] = steps } else { changedAsks[ticks] = steps }
    }

    /// The levels of one side, best first.
    func side(isBid: Bool) -> [Level] { isBid ? bids : asks }

    /// A taker of `steps` walks the opposite side from its best level, across at most `maxLevels`
    /// levels and never the side's last one, removing what it takes. Returns each level's fill.
    mutating func consume(takerBuys: Bool, steps: Int64, maxLevels: Int) -> [Level] {
        let book = takerBuys ? asks : bids
        var remaining = steps
        var fills: [Level] = []
        for level in book.prefix(min(maxLevels, book.count - 1)) where remaining > 0 {
            let take = min(remaining, level.steps)
            fills.append(Level(ticks: level.ticks, steps: take))
            remaining -= take
        }
        for fill in fills {
            let resting = book.first { $0.ticks == fill.ticks }?.steps ?? 0
            set(isBid: !takerBuys, ticks: fill.ticks, steps: resting - fill.steps)
        }
        return fills
    }

    /// The changes since the last delta, or nil when nothing changed. Levels in book order.
    mutating func takeDelta() -> (first: Int64, last: Int64, bids: [Level], asks: [Level])? {
        guard updateId > publishedUpdateId else { return nil }
        let first = publishedUpdateId + 1
        let bidLevels = changedBids.map { Level(ticks: $0.key, steps: $0.value) }.sorted { $0.ticks > $1.ticks }
        let askLevels = changedAsks.map { Level(ticks: $0.key, steps: $0.value) }.sorted { $0.ticks < $1.ticks }
        changedBids.removeAll(keepingCapacity: true)
        changedAsks.removeAll(keepingCapacity: true)
        publishedUpdateId = updateId
        return (first, updateId, bidLevels, askLevels)
    }

    /// Forgets pending changes: the state so far is conveyed by a snapshot instead (the start).
    mutating func markPublished() {
        changedBids.removeAll(keepingCapacity: true)
        changedAsks.removeAll(keepingCapacity: true)
        publishedUpdateId = updateId
    }

    /// Sets one level in a sorted side; returns whether the side changed.
    private static func set(_ side: inout [Level], _ ticks: Int64, _ steps: Int64, descending: Bool) -> Bool {
        // Binary search for the first index whose price is not better than `ticks`.
        var low = 0, high = side.count
        while low < high {
            let mid = (low + high) / 2
            let better = descending ? side[mid].ticks > ticks : side[mid].ticks < ticks
            if better { low = mid + 1 } else { high = mid }
        }
        if low < side.count, side[low].ticks == ticks {
            if steps == 0 {
                side.remove(at: low)
                return true
            }
            guard side[low].steps != steps else { return false }
            side[low].steps = steps
            return true
        }
        guard steps > 0 else { return false }
        side.insert(Level(ticks: ticks, steps: steps), at: low)
        return true
    }
}
