/// `portfolio.yaml`: how capital is split between strategies.
public struct PortfolioConfig: Sendable, Equatable {
    /// Strategy id → weight in [0, 1]; weights plus the cash reserve add up to at most 1.
    // TODO(fixed): values become Fixed
    public var allocations: [String: String]
    /// Drift of a weight (absolute, as a fraction) that triggers a rebalance.
    // TODO(fixed): becomes Fixed
    public var rebalanceThreshold: String
    /// Fraction of equity never allocated.
    // TODO(fixed): becomes Fixed
    public var cashReserve: String

    public init(allocations: [String: String], rebalanceThreshold: String, cashReserve: String) {
        self.allocations = allocations
        self.rebalanceThreshold = rebalanceThreshold
        self.cashReserve = cashReserve
    }

    static func read(_ file: MappingReader) -> PortfolioConfig? {
        guard let r = file.mapping("portfolio") else {
            file.finish()
            return nil
        }
        file.finish()
        var allocations: [String: String]? = [:]
        if let reader = r.mapping("allocations") {
            reader.acceptAllKeys()
            for (id, node) in reader.entries {
                if let weight = r.log.decimal(node, reader.childPath(id), range: .fraction) {
                    allocations?[id] = weight
                } else {
                    allocations = nil
                }
            }
        } else {
            allocations = nil
        }
        let threshold = r.decimal(
            "rebalance_threshold", range: DecimalRange(minimum: "0", minimumInclusive: false, maximum: "1"))
        let reserve = r.decimal("cash_reserve", range: .fraction, default: "0")
        if let allocations, let reserve, let reserveValue = ExactDecimal(reserve) {
            let total = allocations.values.compactMap(ExactDecimal.init).reduce(reserveValue, +)
            if total > .one {
                r.log.report(
                    r.childPath("allocations"),
                    .invalid("weights plus cash_reserve add up to more than 1"))
                r.finish()
                return nil
            }
        }
        r.finish()
        guard let allocations, let threshold, let reserve else { return nil }
        return PortfolioConfig(allocations: allocations, rebalanceThreshold: threshold, cashReserve: reserve)
    }
}
