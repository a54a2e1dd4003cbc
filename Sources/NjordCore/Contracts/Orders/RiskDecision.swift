/// The risk engine's verdict on an ``OrderIntent`` (`risk.decision`): approved with no failed
/// rules, or denied with at least one. The initializer and the decoder both enforce this.
public struct RiskDecision: Hashable, Sendable {
    /// One risk rule that denied the intent.
    public struct FailedRule: Hashable, Sendable {
        public var rule: String
        public var detail: String

        public init(rule: String, detail: String) {
            self.rule = rule
            self.detail = detail
        }
    }

    /// The event id of the intent decided on.
    public var intentId: String
    public var strategyId: String
    public var clientOrderId: String
    public private(set) var approved: Bool
    public private(set) var failedRules: [FailedRule]

    public init(
        intentId: String, strategyId: String, clientOrderId: String, approved: Bool, failedRules: [FailedRule]
    ) throws(ContractError) {
        guard approved == failedRules.isEmpty else {
            throw .ruleViolated(
                path: "data.failed_rules",
                reason: approved ? "an approved decision has no failed rules" : "a denial names its failed rules")
        }
        self.intentId = intentId
        self.strategyId = strategyId
        self.clientOrderId = clientOrderId
        self.approved = approved
        self.failedRules = failedRules
    }
}

extension RiskDecision: WirePayload {
    static let eventType = EventType.riskDecision
    static let fields = NameTable(["intent_id", "strategy_id", "client_order_id", "approved", "failed_rules"])
    static let ruleFields = NameTable(["rule", "detail"])

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"intent_id\":")
        w.string(intentId)
        w.raw(",\"strategy_id\":")
        w.string(strategyId)
        w.raw(",\"client_order_id\":")
        w.string(clientOrderId)
        w.raw(",\"approved\":")
        w.bool(approved)
        w.raw(",\"failed_rules\":[")
        for (i, failed) in failedRules.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.raw("{\"rule\":")
            w.string(failed.rule)
            w.raw(",\"detail\":")
            w.string(failed.detail)
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("]}")
    }

    static func decode(from r: inout JSONReader) throws(ContractError) -> RiskDecision {
        try r.beginObject(at: "data")
        var c = FieldCursor(fields)
        var intentId = "", strategyId = "", clientOrderId = "", approved = false
        var failedRules: [FailedRule] = []
        while let field = try c.next(in: &r, parent: "data") {
            switch field {
            case 0: intentId = try r.readString(at: "data.intent_id")
            case 1: strategyId = try r.readString(at: "data.strategy_id")
            case 2: clientOrderId = try r.readString(at: "data.client_order_id")
            case 3: approved = try r.readBool(at: "data.approved")
            case 4: failedRules = try readFailedRules(&r)
            default: try r.skipValue(depth: 2, at: "data")
            }
        }
        try c.requireAll(parent: "data")
        return try RiskDecision(
            intentId: intentId, strategyId: strategyId, clientOrderId: clientOrderId, approved: approved,
            failedRules: failedRules)
    }

    private static func readFailedRules(_ r: inout JSONReader) throws(ContractError) -> [FailedRule] {
        try r.beginArray(at: "data.failed_rules")
        var rules: [FailedRule] = []
        var first = true
        while try r.nextElement(isFirst: &first, at: "data.failed_rules") {
            let i = rules.count
            try r.beginObject(at: "data.failed_rules[\(i)]")
            var c = FieldCursor(ruleFields)
            var rule = "", detail = ""
            while let field = try c.next(in: &r, parent: "data.failed_rules[\(i)]") {
                switch field {
                case 0: rule = try r.readString(at: "data.failed_rules[\(i)].rule")
                case 1: detail = try r.readString(at: "data.failed_rules[\(i)].detail")
                default: try r.skipValue(depth: 4, at: "data.failed_rules[\(i)]")
                }
            }
            try c.requireAll(parent: "data.failed_rules[\(i)]")
            rules.append(FailedRule(rule: rule, detail: detail))
        }
        return rules
    }
}
