import NjordCore

/// One side of a local order book: levels held exactly, sorted so that the best level is LAST.
/// Asks are stored under the negated price, so one ascending order serves both sides.
///
/// Why blocks: a depth diff touches levels anywhere in a book of thousands of levels, and one flat
/// sorted array moves half its elements on each insert or removal far from the best. Sorted blocks
/// of at most ``maxBlock`` levels bound that move; a binary search over the blocks' last keys,
/// then within the block, finds a level. The best level (last of the last block) is O(1).
struct BookLadder: Sendable {
    static let maxBlock = 128

    let isBid: Bool
    /// Sorted blocks of sort keys (the raw price for bids, its negation for asks); no block is empty.
    private var keyBlocks: [[Int128]] = []
    /// Raw quantities, parallel to `keyBlocks`.
    private var qtyBlocks: [[Int128]] = []
    private(set) var count = 0

    init(isBid: Bool) { self.isBid = isBid }

    @inline(__always)
    private func price(_ key: Int128) -> Fixed { Fixed(raw: isBid ? key : -key) }

    /// Sets a level's quantity; a zero quantity removes the level (absent levels are no error:
    /// Binance sends removals of levels outside a local book).
    @inline(__always)
    mutating func set(price: Fixed, qty: Fixed) {
        let k = isBid ? price.raw : -price.raw
        guard !keyBlocks.isEmpty else {
            if !qty.isZero { append(block: [k], [qty.raw]) }
            return
        }
        let b = blockIndex(k)
        let i = Self.insertionIndex(k, in: keyBlocks[b])
        let exists = i < keyBlocks[b].count && keyBlocks[b][i] == k
        if qty.isZero {
            guard exists else { return }
            keyBlocks[b].remove(at: i)
            qtyBlocks[b].remove(at: i)
            count -= 1
            if keyBlocks[b].isEmpty {
                keyBlocks.remove(at: b)
                qtyBlocks.remove(at: b)
            }
        } else if exists {
            qtyBlocks[b][i] = qty.raw
        } else {
            keyBlocks[b].insert(k, at: i)
            qtyBlocks[b].insert(qty.raw, at: i)
            count += 1
            if keyBlocks[b].count > Self.maxBlock { split(b) }
        }
    }

    /// Replaces every level (a snapshot); zero quantities are left out.
    mutating func replace(with levels: [PriceLevel]) {
        let isBid = self.isBid
        let pairs = levels.filter { !$0.qty.isZero }.map { (isBid ? $0.price.raw : -$0.price.raw, $0.qty.raw) }
            .sorted { $0.0 < $1.0 }
        removeAll()
        var keys: [Int128] = []
        var qtys: [Int128] = []
        for pair in pairs {
            // A snapshot repeating a price keeps its last quantity.
            if let last = keys.last, last == pair.0 {
                qtys[qtys.count - 1] = pair.1
                continue
            }
            keys.append(pair.0)
            qtys.append(pair.1)
            if keys.count == Self.maxBlock / 2 {
                append(block: keys, qtys)
                keys.removeAll()
                qtys.removeAll()
            }
        }
        if !keys.isEmpty { append(block: keys, qtys) }
    }

    mutating func removeAll() {
        keyBlocks.removeAll()
        qtyBlocks.removeAll()
        count = 0
    }

    var best: PriceLevel? {
        guard let keys = keyBlocks.last, let qtys = qtyBlocks.last else { return nil }
        return PriceLevel(price: price(keys[keys.count - 1]), qty: Fixed(raw: qtys[qtys.count - 1]))
    }

    /// Up to `n` levels, best first.
    func top(_ n: Int) -> [PriceLevel] {
        var out: [PriceLevel] = []
        out.reserveCapacity(min(max(n, 0), count))
        var b = keyBlocks.count - 1
        while b >= 0 && out.count < n {
            let keys = keyBlocks[b]
            let qtys = qtyBlocks[b]
            var i = keys.count - 1
            while i >= 0 && out.count < n {
                out.append(PriceLevel(price: price(keys[i]), qty: Fixed(raw: qtys[i])))
                i -= 1
            }
            b -= 1
        }
        return out
    }

    private mutating func append(block keys: [Int128], _ qtys: [Int128]) {
        keyBlocks.append(keys)
        qtyBlocks.append(qtys)
        count += keys.count
    }

    private mutating func split(_ b: Int) {
        let half = keyBlocks[b].count / 2
        let upperKeys = Array(keyBlocks[b][half...])
        let upperQtys = Array(qtyBlocks[b][half...])
        keyBlocks[b].removeSubrange(half...)
        qtyBlocks[b].removeSubrange(half...)
        keyBlocks.insert(upperKeys, at: b + 1)
        qtyBlocks.insert(upperQtys, at: b + 1)
    }

    /// The block a key belongs in: the first whose last key is not below it, else the last block.
    @inline(__always)
    private func blockIndex(_ k: Int128) -> Int {
        let last = keyBlocks.count - 1
        // Most updates touch the best levels, in the last block: check it before searching.
        if last == 0 || keyBlocks[last - 1].last! < k { return last }
        var low = 0
        var high = last
        while low < high {
            let mid = (low &+ high) >> 1
            if keyBlocks[mid].last! < k { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first index whose key is not below `k`.
    @inline(__always)
    private static func insertionIndex(_ k: Int128, in keys: [Int128]) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low &+ high) >> 1
            if keys[mid] < k { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
