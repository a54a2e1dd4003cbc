/// The portfolio's target weights per strategy (`portfolio.allocation`).
public struct AllocationTargets: Hashable, Sendable {
    /// One strategy's target share of portfolio capital.
    public struct Target: Hashable, Sendable {
        public var strategyId: String
        /// Fraction of capital, e.g. `0.25`.
        public var weight: Fixed

        public init(strategyId: String, weight: Fixed) {
            self.strategyId = strategyId
            self.weight = weight
        }
    }

    public var targets: [Target]

    public init(targets: [Target]) { self.targets = targets }
}

extension AllocationTargets: WirePayload {
    static let eventType = EventType.allocationTargets
    static let fields = NameTable(["targets"])
    static let targetFields = NameTable(["strategy_id", "weight"])

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"targets\":[")
        for (i, target) in targets.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.raw("{\"strategy_id\":")
            w.string(target.strategyId)
            w.raw(",\"weight\":")
            w.decimal(target.weight)
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("]}")
    }

    static func decode(from r: inout JSONReader) throws(ContractError) -> AllocationTargets {
        try r.beginObject(at: "data")
        var c = FieldCursor(fields)
        var targets: [Target] = []
        while let field = try c.next(in: &r, parent: "data") {
            switch field {
            case 0: targets = try readTargets(&r)
            default: try r.skipValue(depth: 2, at: "data")
            }
        }
        try c.requireAll(parent: "data")
        return AllocationTargets(targets: targets)
    }

    private static func readTargets(_ r: inout JSONReader) throws(ContractError) -> [Target] {
        try r.beginArray(at: "data.targets")
        var targets: [Target] = []
        var first = true
        while try r.nextElement(isFirst: &first, at: "data.targets") {
            let i = targets.count
            try r.beginObject(at: "data.targets[\(i)]")
            var c = FieldCursor(targetFields)
            var strategyId = "", weight = Fixed.zero
            while let field = try c.next(in: &r, parent: "data.targets[\(i)]") {
                switch field {
                case 0: strategyId = try r.readString(at: "data.targets[\(i)].strategy_id")
                case 1: weight = try r.readDecimal(at: "data.targets[\(i)].weight")
                default: try r.skipValue(depth: 4, at: "data.targets[\(i)]")
                }
            }
            try c.requireAll(parent: "data.targets[\(i)]")
            targets.append(Target(strategyId: strategyId, weight: weight))
        }
        return targets
    }
}
