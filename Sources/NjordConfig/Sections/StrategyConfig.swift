import Yams

/// One entry of `strategies.yaml`.
public struct StrategyConfig: Sendable, Equatable {
    /// Unique, file-name safe; portfolio allocations and order ids refer to it.
    public var id: String
    public var kind: StrategyKind
    public var symbol: String
    public var enabled: Bool
    /// Parameters checked against `kind.parameters`: every one required, no others allowed.
    public var params: [String: StrategyParameter]

    public init(
        id: String, kind: StrategyKind, symbol: String, enabled: Bool, params: [String: StrategyParameter]
    ) {
        self.id = id
        self.kind = kind
        self.symbol = symbol
        self.enabled = enabled
        self.params = params
    }

    public func integer(_ name: String) -> Int? {
        if case .integer(let value) = params[name] { return value }
        return nil
    }

    // TODO(fixed): becomes Fixed
    public func decimal(_ name: String) -> String? {
        if case .decimal(let value) = params[name] { return value }
        return nil
    }

    static func read(_ r: MappingReader) -> StrategyConfig? {
        let id = r.string("id")
        if let id, !Identifier.isValid(id) {
            r.log.report(r.childPath("id"), .invalid("'\(id)' \(Identifier.rule)"))
        }
        let kind: StrategyKind? = r.word("kind")
        let symbol = r.string("symbol")
        if let symbol, !Identifier.isSymbol(symbol) {
            r.log.report(r.childPath("symbol"), .invalid("'\(symbol)' \(Identifier.symbolRule)"))
        }
        let enabled = r.bool("enabled", default: true)
        var params: [String: StrategyParameter]?
        if let reader = r.mapping("params"), let kind {
            params = readParams(reader, kind: kind)
        }
        r.finish()
        guard let id, let kind, let symbol, let enabled, let params, Identifier.isValid(id),
            Identifier.isSymbol(symbol)
        else { return nil }
        return StrategyConfig(id: id, kind: kind, symbol: symbol, enabled: enabled, params: params)
    }

    private static func readParams(_ r: MappingReader, kind: StrategyKind) -> [String: StrategyParameter]? {
        var params: [String: StrategyParameter] = [:]
        var ok = true
        for (name, rule) in kind.parameters.sorted(by: { $0.key < $1.key }) {
            switch rule {
            case .integer(let range):
                if let value = r.int(name, range: range) {
                    params[name] = .integer(value)
                } else {
                    ok = false
                }
            case .decimal(let range):
                if let value = r.decimal(name, range: range) {
                    params[name] = .decimal(value)
                } else {
                    ok = false
                }
            }
        }
        if kind == .smaCross, let fast = params["fast"], let slow = params["slow"],
            case .integer(let f) = fast, case .integer(let s) = slow, f >= s
        {
            r.log.report(r.childPath("fast"), .invalid("fast (\(f)) must be smaller than slow (\(s))"))
            ok = false
        }
        r.finish()
        return ok ? params : nil
    }
}

/// A strategy parameter value: integers for window lengths, decimal text for everything with a fraction.
public enum StrategyParameter: Sendable, Equatable {
    case integer(Int)
    // TODO(fixed): becomes Fixed
    case decimal(String)
}

/// The strategy implementations the engine knows.
public enum StrategyKind: String, Sendable, CaseIterable {
    case smaCross = "sma_cross"
    case bollinger
    case donchian

    /// The parameters each kind takes; the one table to extend when a strategy gains a parameter.
    var parameters: [String: ParameterRule] {
        let quantity = ParameterRule.decimal(.positive)
        switch self {
        case .smaCross:
            return ["fast": .integer(1...10_000), "slow": .integer(2...10_000), "quantity": quantity]
        case .bollinger:
            return [
                "period": .integer(2...10_000),
                "num_std": .decimal(DecimalRange(minimum: "0", minimumInclusive: false, maximum: "10")),
                "quantity": quantity,
            ]
        case .donchian: return ["period": .integer(2...10_000), "quantity": quantity]
        }
    }
}

/// The type and range of one strategy parameter.
enum ParameterRule {
    case integer(ClosedRange<Int>)
    case decimal(DecimalRange)
}

/// Reads the `strategies:` list of `strategies.yaml`.
enum StrategiesFile {
    static func read(_ r: MappingReader) -> [StrategyConfig]? {
        let items = r.list("strategies")
        r.finish()
        guard let items else { return nil }
        var strategies: [StrategyConfig] = []
        var ok = true
        for item in items {
            guard let reader = MappingReader(item.node, path: item.path, log: r.log),
                let strategy = StrategyConfig.read(reader)
            else {
                ok = false
                continue
            }
            if strategies.contains(where: { $0.id == strategy.id }) {
                r.log.report(
                    "\(item.path).id", .invalid("'\(strategy.id)' is used by another strategy"), at: item.node
                )
                ok = false
            }
            strategies.append(strategy)
        }
        return ok ? strategies : nil
    }
}
