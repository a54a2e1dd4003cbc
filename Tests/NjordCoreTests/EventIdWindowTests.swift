import NjordCore
import Testing

struct EventIdWindowTests {
    @Test func remembersTheLastCapacityIdsAndForgetsTheOldestFirst() {
        var window = EventIdWindow(capacity: 3)
        let inserted = ["a", "b", "c", "a", "d"].map { window.insert($0) }
        #expect(inserted == [true, true, true, false, true], "a duplicate is recognised")
        #expect(!window.contains("a") && window.contains("b") && window.contains("d"))
        #expect(window.count == 3)
        // A repeated insert does not refresh or duplicate an id: b is still the oldest.
        let again = ["b", "e"].map { window.insert($0) }
        #expect(again == [false, true])
        #expect(!window.contains("b") && window.contains("c") && window.count == 3)
    }
}
