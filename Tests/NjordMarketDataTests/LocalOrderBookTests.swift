import NjordCore
import NjordMarketData
import Testing

/// The local book follows Binance's snapshot + diff procedure exactly.
@Suite struct LocalOrderBookTests {
    func level(_ price: String, _ qty: String) -> PriceLevel {
        PriceLevel(price: try! Fixed(price), qty: try! Fixed(qty))
    }

    func snapshot(_ id: Int64, bids: [PriceLevel] = [], asks: [PriceLevel] = []) -> BookSnapshot {
        BookSnapshot(venue: "binance", symbol: "BTCUSDT", lastUpdateId: id, bids: bids, asks: asks)
    }

    func diff(_ first: Int64, _ last: Int64, bids: [PriceLevel] = [], asks: [PriceLevel] = []) -> BookDelta {
        BookDelta(venue: "binance", symbol: "BTCUSDT", firstUpdateId: first, lastUpdateId: last, bids: bids, asks: asks)
    }

    var seeded: LocalOrderBook {
        var book = LocalOrderBook()
        book.apply(
            snapshot(100, bids: [level("10", "1"), level("9", "2")], asks: [level("11", "1"), level("12", "3")]))
        return book
    }

    @Test func diffsBeforeTheSnapshotAreBufferedThenReplayed() {
        var book = LocalOrderBook()
        #expect(book.apply(diff(95, 99)) == .buffered)
        #expect(book.apply(diff(100, 103, bids: [level("10.5", "1")])) == .buffered)
        #expect(book.bestBid == nil)
        #expect(
            book.apply(snapshot(101, bids: [level("10", "1")], asks: [level("11", "1")])) == .applied(replayedDiffs: 2))
        #expect(book.counters.dropped == 1)
        #expect(book.counters.applied == 1)
        #expect(book.lastUpdateId == 103)
        #expect(book.bestBid == level("10.5", "1"))
        #expect(book.phase == .synced)
    }

    @Test func staleDiffIsDroppedWithoutEffect() {
        var book = seeded
        #expect(book.apply(diff(90, 100, bids: [level("10", "0")])) == .dropped(.stale))
        #expect(book.bestBid == level("10", "1"))
        #expect(book.counters.dropped == 1)
        #expect(book.lastUpdateId == 100)
    }

    @Test func firstDiffMustBracketTheSnapshotUpdateId() {
        // U <= lastUpdateId + 1 <= u: 95...105 brackets 101.
        var bracketing = seeded
        #expect(bracketing.apply(diff(95, 105)) == .applied)
        var exact = seeded
        #expect(exact.apply(diff(101, 101)) == .applied)
        // A first diff starting past lastUpdateId + 1 leaves updates missing: a gap.
        var late = seeded
        #expect(
            late.apply(diff(102, 110))
                == .gap(expectedFirstUpdateId: 101, receivedFirstUpdateId: 102, receivedLastUpdateId: 110))
        #expect(late.counters.gaps == 1)
        #expect(late.needsResync)
    }

    @Test func laterDiffsMustContinueThePreviousOne() {
        var book = seeded
        #expect(book.apply(diff(99, 105)) == .applied)
        #expect(book.apply(diff(106, 108)) == .applied)
        // Overlapping but not continuing (U != previous u + 1) is a gap, as the procedure says.
        var overlap = book
        #expect(overlap.apply(diff(107, 112)) != .applied)
        #expect(overlap.counters.gaps == 1)
        #expect(
            book.apply(diff(110, 112))
                == .gap(expectedFirstUpdateId: 109, receivedFirstUpdateId: 110, receivedLastUpdateId: 112))
    }

    @Test func gapRequiresAResyncAndANewSnapshotRecovers() {
        var book = seeded
        #expect(book.apply(diff(101, 101)) == .applied)
        #expect(book.apply(diff(105, 106)).isGap)
        #expect(book.needsResync)
        #expect(book.bestBid == nil && book.bestAsk == nil)  // an untrusted book shows nothing
        #expect(book.apply(diff(107, 108, asks: [level("11", "0")])) == .buffered)
        #expect(
            book.apply(snapshot(106, bids: [level("20", "1")], asks: [level("11", "5"), level("21", "1")]))
                == .applied(replayedDiffs: 2))
        #expect(!book.needsResync)
        #expect(book.counters.resyncs == 1)
        #expect(book.counters.gaps == 1)
        #expect(book.lastUpdateId == 108)
        #expect(book.bestAsk == level("21", "1"))  // 11 removed by the replayed diff
        #expect(book.apply(diff(109, 109)) == .applied)
    }

    @Test func zeroQuantityRemovesALevelAndAbsentRemovalsAreHarmless() {
        var book = seeded
        #expect(
            book.apply(diff(101, 101, bids: [level("10", "0"), level("3", "0")], asks: [level("11.5", "2")]))
                == .applied)
        #expect(book.bestBid == level("9", "2"))
        #expect(book.bestAsk == level("11", "1"))
        #expect(book.bidLevelCount == 1)
        #expect(book.topN(5).asks == [level("11", "1"), level("11.5", "2"), level("12", "3")])
    }

    @Test func levelsAreSortedBestFirstAndQuantitiesReplaced() {
        var book = seeded
        book.apply(
            diff(101, 101, bids: [level("9.5", "4"), level("9", "7"), level("10.25", "0.5")], asks: [level("13", "1")]))
        let top = book.topN(3)
        #expect(top.bids == [level("10.25", "0.5"), level("10", "1"), level("9.5", "4")])
        #expect(top.asks == [level("11", "1"), level("12", "3"), level("13", "1")])
        #expect(book.topN(100).bids.last == level("9", "7"))
        #expect(!book.isCrossed)
    }

    @Test func crossedBookIsReportedAndCounted() {
        var book = seeded
        book.apply(diff(101, 101, bids: [level("11", "1")]))
        #expect(book.isCrossed)
        #expect(book.counters.crossedAfterApply == 1)
    }

    @Test func olderSnapshotDoesNotMoveASyncedBookBack() {
        var book = seeded
        book.apply(diff(101, 104))
        #expect(book.apply(snapshot(103)) == .ignoredStale)
        #expect(book.lastUpdateId == 104)
        #expect(book.counters.staleSnapshots == 1)
    }

    @Test func bufferKeepsOnlyTheNewestDiffs() {
        var book = LocalOrderBook(maxBufferedDiffs: 2)
        book.apply(diff(1, 1))
        book.apply(diff(2, 2))
        book.apply(diff(3, 3))
        #expect(book.buffered.map(\.lastUpdateId) == [2, 3])
        #expect(book.counters.bufferOverflows == 1)
    }
}

extension BookUpdateOutcome {
    var isGap: Bool {
        if case .gap = self { return true }
        return false
    }
}
