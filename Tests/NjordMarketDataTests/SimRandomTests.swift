import NjordMarketData
import Testing

struct SimRandomTests {
    @Test func sameSeedGivesTheSameDrawsAndAnotherSeedOthers() {
        var a = SimRandom(seed: 7), b = SimRandom(seed: 7), c = SimRandom(seed: 8)
        let first = (0..<100).map { _ in a.nextBits() }
        #expect(first == (0..<100).map { _ in b.nextBits() })
        #expect(first != (0..<100).map { _ in c.nextBits() })
    }

    @Test func unitDrawsStayInTheHalfOpenInterval() {
        var r = SimRandom(seed: 1)
        for _ in 0..<100_000 {
            let u = r.unit()
            #expect(u >= 0 && u < 1)
        }
    }

    @Test func exponentialWaitsHaveTheMeanOfTheRate() {
        var r = SimRandom(seed: 3)
        let n = 200_000
        var sum = 0.0
        for _ in 0..<n { sum += r.exponential(rate: 20) }
        // Mean 0.05, standard error 0.05/√n ≈ 0.00011.
        #expect(abs(sum / Double(n) - 0.05) < 0.001)
    }

    @Test func normalDrawsHaveUnitVariance() {
        var r = SimRandom(seed: 4)
        let xs = (0..<200_000).map { _ in r.normal() }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count)
        #expect(abs(mean) < 0.01)
        #expect(abs(variance - 1) < 0.02)
    }

    @Test func boundedDrawsCoverTheRangeAndNoMore() {
        var r = SimRandom(seed: 5)
        var seen = Array(repeating: 0, count: 7)
        for _ in 0..<70_000 { seen[r.below(7)] += 1 }
        #expect(seen.allSatisfy { $0 > 9_000 && $0 < 11_000 })
    }
}
