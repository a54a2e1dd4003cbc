import NjordMarketData
import Testing

@Suite struct TradeDeduperTests {
    @Test func repeatedIdsWithinTheWindowAreDuplicates() {
        var d = TradeDeduper(window: 128)
        for id in Int64(1000)...1100 { #expect(d.accept(id) == .new) }
        for id in Int64(1050)...1100 { #expect(d.accept(id) == .duplicate) }
        #expect(d.accept(1101) == .new)
        #expect(d.distinct == 102)
        #expect(d.duplicates == 51)
    }

    @Test func outOfOrderIdsInsideTheWindowAreNewOnce() {
        var d = TradeDeduper(window: 64)
        #expect(d.accept(10) == .new)
        #expect(d.accept(13) == .new)
        #expect(d.accept(12) == .new)
        #expect(d.accept(11) == .new)
        #expect(d.accept(12) == .duplicate)
        #expect(d.distinct == 4)
    }

    @Test func slotsReusedAfterTheWindowMovesAreCleared() {
        var d = TradeDeduper(window: 64)
        #expect(d.accept(0) == .new)
        #expect(d.accept(10) == .new)
        // 64 shares slot 0 with id 0 and 74 shares slot 10 with id 10: both are new ids.
        #expect(d.accept(74) == .new)
        #expect(d.accept(64) == .new)
        #expect(d.accept(10) == .tooOld)
        #expect(d.accept(1_000_000) == .new)
        #expect(d.accept(1_000_000 - 64 + 10) == .new)
    }
}
