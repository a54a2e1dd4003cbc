import NjordCore

/// A book rebuilt from a venue's `md.book` and `md.delta` events by Binance's sync rule, the way a
/// consumer does it: the tests check the simulator's events are enough to follow its book.
struct SimReferenceBook {
    var lastUpdateId: Int64?
    var bids: [Fixed: Fixed] = [:]
    var asks: [Fixed: Fixed] = [:]
    /// Deltas that did not follow on (U != previous u + 1).
    var gaps = 0

    mutating func apply(_ snapshot: BookSnapshot) {
        bids = Dictionary(uniqueKeysWithValues: snapshot.bids.map { ($0.price, $0.qty) })
        asks = Dictionary(uniqueKeysWithValues: snapshot.asks.map { ($0.price, $0.qty) })
        lastUpdateId = snapshot.lastUpdateId
    }

    mutating func apply(_ delta: BookDelta) {
        guard let last = lastUpdateId, delta.lastUpdateId > last else { return }
        if delta.firstUpdateId != last + 1 { gaps += 1 }
        for level in delta.bids { bids[level.price] = level.qty.isZero ? nil : level.qty }
        for level in delta.asks { asks[level.price] = level.qty.isZero ? nil : level.qty }
        lastUpdateId = delta.lastUpdateId
    }

    /// Same levels and quantities as `snapshot`.
    func matches(_ snapshot: BookSnapshot) -> Bool {
        bids == Dictionary(uniqueKeysWithValues: snapshot.bids.map { ($0.price, $0.qty) })
            && asks == Dictionary(uniqueKeysWithValues: snapshot.asks.map { ($0.price, $0.qty) })
    }
}
