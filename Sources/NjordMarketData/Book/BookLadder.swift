import NjordCore

/// One side of a local order book: levels held exactly, sorted so that the best level is LAST.
/// Updates cluster near the best price, so keeping it at the end makes inserts and removals there
/// move few elements; lookups are a binary search. Asks are stored under the negated price, so
/// one ascending order serves both sides.
struct BookLadder: Sendable {
    let isBid: Bool
    /// Sort keys, ascending: the raw price for bids, its negation for asks.
    private(set) var keys: [Int128] = []
    /// Raw quantities, parallel to `keys`.
    private(set) var quantities: [Int128] = []

    init(isBid: Bool) { self.isBid = isBid }

    var count: Int { keys.count }

    @inline(__always)
    private func key(_ price: Fixed) -> Int128 { isBid ? price.raw : -price.raw }

    @inline(__always)
    private func price(_ key: Int128) -> Fixed { Fixed(raw: isBid ? key : -key) }

    /// Sets a level's quantity; a zero quantity removes the level (absent levels are no error:
    /// Binance sends removals of levels outside a local book).
    @inline(__always)
    mutating func set(price: Fixed, qty: Fixed) {
        let k = key(price)
        let i = insertionIndex(k)
        let exists = i < keys.count && keys[i] == k
        if qty.isZero {
            if exists {
                keys.remove(at: i)
                quantities.remove(at: i)
            }
        } else if exists {
            quantities[i] = qty.raw
        } else {
            keys.insert(k, at: i)
            quantities.insert(qty.raw, at: i)
        }
    }

    /// Replaces every level (a snapshot); zero quantities are left out.
    mutating func replace(with levels: [PriceLevel]) {
        let isBid = self.isBid
        var pairs = levels.filter { !$0.qty.isZero }.map { (isBid ? $0.price.raw : -$0.price.raw, $0.qty.raw) }
            .sorted { $0.0 < $1.0 }
        // A snapshot repeating a price keeps its last quantity.
        var deduped: [(Int128, Int128)] = []
        deduped.reserveCapacity(pairs.count)
        for pair in pairs {
            if let last = deduped.last, last.0 == pair.0 { deduped[deduped.count - 1] = pair } else { deduped.append(pair) }
        }
        pairs = deduped
        keys = pairs.map(\.0)
        quantities = pairs.map(\.1)
    }

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        quantities.removeAll(keepingCapacity: true)
    }

    var best: PriceLevel? {
        guard let k = keys.last else { return nil }
        return PriceLevel(price: price(k), qty: Fixed(raw: quantities[quantities.count - 1]))
    }

    /// Up to `n` levels, best first.
    func top(_ n: Int) -> [PriceLevel] {
        let m = min(max(n, 0), keys.count)
        var out: [PriceLevel] = []
        out.reserveCapacity(m)
        var i = keys.count - 1
        while out.count < m {
            out.append(PriceLevel(price: price(keys[i]), qty: Fixed(raw: quantities[i])))
            i -= 1
        }
        return out
    }

    /// The first index whose key is not below `k`.
    @inline(__always)
    private func insertionIndex(_ k: Int128) -> Int {
        var low = 0
        var high = keys.count
        // Most updates touch the best few levels, at the end: check there before searching.
        if high > 0 && keys[high - 1] < k { return high }
        while low < high {
            let mid = (low &+ high) >> 1
            if keys[mid] < k { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
