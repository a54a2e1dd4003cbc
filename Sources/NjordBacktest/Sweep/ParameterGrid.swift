import NjordCore
public import NjordStrategies

/// The parameter sets of a sweep: the Cartesian product of its ranges, in a fixed order (the last
/// dimension varies fastest, as nested loops written in the order given), or a seeded random
/// sample of that product.
public struct ParameterGrid: Hashable, Sendable {
    public var dimensions: [ParameterRange]

    /// More parameter sets than this are refused when expanding the whole grid.
    public static let maximumCombinations = 1_000_000

    public init(_ dimensions: [ParameterRange]) throws(SweepError) {
        guard !dimensions.isEmpty else { throw .emptyGrid }
        var seen: Set<String> = []
        for dimension in dimensions where !seen.insert(dimension.name).inserted {
            throw .duplicateParameter(dimension.name)
        }
        self.dimensions = dimensions
    }

    /// Parses `fast=5:50:5,slow=20:200:10`.
    public init(parsing text: String) throws(SweepError) {
        var dimensions: [ParameterRange] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            dimensions.append(try ParameterRange(parsing: part))
        }
        try self.init(dimensions)
    }

    /// The number of parameter sets (saturating at `Int.max`).
    public var count: Int {
        dimensions.reduce(1) { product, dimension in
            let (value, overflow) = product.multipliedReportingOverflow(by: dimension.values.count)
            return overflow ? Int.max : value
        }
    }

    /// The parameter set at `index` of the product order (mixed radix, last dimension fastest).
    public func combination(at index: Int) -> StrategyParameters {
        var rest = index
        var values: [String: String] = [:]
        for dimension in dimensions.reversed() {
            values[dimension.name] = dimension.values[rest % dimension.values.count]
            rest /= dimension.values.count
        }
        return StrategyParameters(values)
    }

    /// Every parameter set in product order.
    public func all() throws(SweepError) -> [StrategyParameters] {
        let total = count
        guard total <= Self.maximumCombinations else {
            throw .tooManyCombinations(count: total, limit: Self.maximumCombinations)
        }
        return (0..<total).map(combination(at:))
    }

    /// `count` distinct parameter sets drawn uniformly from the product with ``SplitMix64`` seeded
    /// by `seed`, in draw order; the whole grid (in product order) when it has no more than `count`.
    /// The same grid, count and seed give the same list on every machine.
    public func randomSample(count wanted: Int, seed: UInt64) throws(SweepError) -> [StrategyParameters] {
        let total = count
        if wanted >= total { return try all() }
        guard wanted <= Self.maximumCombinations else {
            throw .tooManyCombinations(count: wanted, limit: Self.maximumCombinations)
        }
        var generator = SplitMix64(seed: seed)
        var drawn: Set<Int> = []
        var order: [Int] = []
        order.reserveCapacity(wanted)
        while order.count < wanted {
            let index = Int(generator.next(below: UInt64(total)))
            if drawn.insert(index).inserted { order.append(index) }
        }
        return order.map(combination(at:))
    }
}

extension StrategyParameters {
    /// `name=value,…` with names sorted: the canonical text of a parameter set.
    public var canonicalText: String {
        values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
