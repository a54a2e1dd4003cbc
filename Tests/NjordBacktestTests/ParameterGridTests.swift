import NjordBacktest
import NjordCore
import NjordStrategies
import Testing

@Suite struct ParameterGridTests {
    @Test func rangesIncludeTheStopWhenTheStepsLandOnIt() throws {
        #expect(try ParameterRange(parsing: "fast=5:50:5").values == (1...10).map { String($0 * 5) })
        #expect(try ParameterRange(parsing: "slow=20:45:10").values == ["20", "30", "40"])
        #expect(try ParameterRange(parsing: "x=0.1:0.3:0.1").values == ["0.1", "0.2", "0.3"])
        #expect(try ParameterRange(parsing: " fast = 10 ").values == ["10"])
    }

    @Test func gridExpandsInProductOrderWithTheLastDimensionFastest() throws {
        let grid = try ParameterGrid(parsing: "fast=5:10:5,slow=20:40:10")
        #expect(grid.count == 6)
        let sets = try grid.all().map(\.canonicalText)
        #expect(
            sets == [
                "fast=5,slow=20", "fast=5,slow=30", "fast=5,slow=40", "fast=10,slow=20", "fast=10,slow=30",
                "fast=10,slow=40",
            ])
        #expect(try ParameterGrid(parsing: "fast=5:50:5,slow=20:200:10").count == 10 * 19)
    }

    @Test func malformedGridsAreRefusedWithTheDimensionNamed() {
        #expect(throws: SweepError.malformedDimension("fast")) { try ParameterGrid(parsing: "fast") }
        #expect(throws: SweepError.malformedDimension("fast=1:2")) { try ParameterGrid(parsing: "fast=1:2") }
        #expect(throws: SweepError.invalidRange(name: "fast", reason: "step must be positive")) {
            try ParameterGrid(parsing: "fast=1:5:0")
        }
        #expect(throws: SweepError.invalidRange(name: "fast", reason: "start 'a' is not a decimal")) {
            try ParameterGrid(parsing: "fast=a:5:1")
        }
        #expect(throws: SweepError.duplicateParameter("fast")) { try ParameterGrid(parsing: "fast=1,fast=2") }
        #expect(throws: SweepError.emptyGrid) { try ParameterGrid(parsing: "") }
    }

    @Test func randomSearchIsTheSameForTheSameSeedAndDrawsDistinctSetsOfTheGrid() throws {
        let grid = try ParameterGrid(parsing: "fast=5:50:5,slow=20:200:10")
        let a = try grid.randomSample(count: 25, seed: 42)
        let b = try grid.randomSample(count: 25, seed: 42)
        let c = try grid.randomSample(count: 25, seed: 43)
        #expect(a == b)
        #expect(a != c)
        #expect(Set(a).count == 25)
        let all = Set(try grid.all())
        #expect(a.allSatisfy(all.contains))
        // Asking for at least the whole grid gives the whole grid, in product order.
        #expect(try grid.randomSample(count: 500, seed: 7) == (try grid.all()))
    }

    @Test func splitMix64MatchesTheReferenceSequenceAndBoundsWithoutBias() {
        // Reference outputs of Vigna's splitmix64.c for seed 0.
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        var bounded = SplitMix64(seed: 9)
        for _ in 0..<1000 { #expect(bounded.next(below: 7) < 7) }
    }
}
