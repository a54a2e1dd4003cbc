import NjordCore
import NjordMarketData
import NjordTestSupport
import Testing

/// The book's sorted block storage agrees with a plain dictionary under random updates.
@Suite struct BookLadderTests {
    @Test func randomUpdatesKeepBothSidesSortedAndExactAgainstAReference() {
        var random = SplitMix64(seed: 42)
        var book = LocalOrderBook()
        var bids: [Int64: Int64] = [:]
        var asks: [Int64: Int64] = [:]
        var snapshotBids: [PriceLevel] = []
        var snapshotAsks: [PriceLevel] = []
        for i in 0..<400 {
            snapshotBids.append(PriceLevel(price: Fixed(raw: Int128(10_000 - i)), qty: Fixed(raw: Int128(i + 1))))
            bids[Int64(10_000 - i)] = Int64(i + 1)
            snapshotAsks.append(PriceLevel(price: Fixed(raw: Int128(20_000 + i)), qty: Fixed(raw: Int128(i + 1))))
            asks[Int64(20_000 + i)] = Int64(i + 1)
        }
        book.apply(BookSnapshot(venue: "v", symbol: "S", lastUpdateId: 0, bids: snapshotBids, asks: snapshotAsks))
        for id in Int64(1)...3_000 {
            var diffBids: [PriceLevel] = []
            var diffAsks: [PriceLevel] = []
            for _ in 0..<8 {
                let bidPrice = Int64(random.next() % 2_000) + 8_500
                let askPrice = Int64(random.next() % 2_000) + 19_900
                let bidQty = random.next() % 3 == 0 ? 0 : Int64(random.next() % 1_000)
                let askQty = random.next() % 3 == 0 ? 0 : Int64(random.next() % 1_000)
                diffBids.append(PriceLevel(price: Fixed(raw: Int128(bidPrice)), qty: Fixed(raw: Int128(bidQty))))
                diffAsks.append(PriceLevel(price: Fixed(raw: Int128(askPrice)), qty: Fixed(raw: Int128(askQty))))
                bids[bidPrice] = bidQty == 0 ? nil : bidQty
                asks[askPrice] = askQty == 0 ? nil : askQty
            }
            #expect(
                book.apply(
                    BookDelta(
                        venue: "v", symbol: "S", firstUpdateId: id, lastUpdateId: id, bids: diffBids, asks: diffAsks))
                    == .applied)
        }
        let top = book.topN(100_000)
        let expectedBids = bids.sorted { $0.key > $1.key }.map {
            PriceLevel(price: Fixed(raw: Int128($0.key)), qty: Fixed(raw: Int128($0.value)))
        }
        let expectedAsks = asks.sorted { $0.key < $1.key }.map {
            PriceLevel(price: Fixed(raw: Int128($0.key)), qty: Fixed(raw: Int128($0.value)))
        }
        #expect(top.bids == expectedBids)
        #expect(top.asks == expectedAsks)
        #expect(book.bidLevelCount == bids.count && book.askLevelCount == asks.count)
        #expect(book.bestBid == expectedBids.first && book.bestAsk == expectedAsks.first)
        #expect(book.topN(3).bids == Array(expectedBids.prefix(3)))
    }
}
