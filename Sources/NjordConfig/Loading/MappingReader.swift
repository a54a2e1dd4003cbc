import Yams

/// Reads one YAML mapping against a schema: every accessor marks its key as known, reports what is
/// wrong with the value, and `finish()` reports the keys nobody asked for (typo protection).
final class MappingReader {
    let log: ProblemLog
    let path: String
    let node: Node
    private var values: [String: Node] = [:]
    private var order: [(key: String, node: Node)] = []
    private var known: Set<String> = []

    /// Nil (with a problem reported) when `node` is not a mapping.
    init?(_ node: Node, path: String, log: ProblemLog) {
        self.log = log
        self.path = path
        self.node = node
        guard let mapping = node.mapping else {
            log.report(path, .wrongType(expected: "a mapping", found: ProblemLog.describe(node)), at: node)
            return nil
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                log.report(
                    path, .wrongType(expected: "string keys", found: ProblemLog.describe(keyNode)),
                    at: keyNode)
                continue
            }
            if values[key] != nil {
                log.report(childPath(key), .duplicateKey, at: keyNode)
                continue
            }
            values[key] = value
            order.append((key, value))
        }
    }

    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// All keys of the mapping, in file order; for mappings whose keys are data (allocations, params).
    var entries: [(key: String, node: Node)] { order }

    /// Marks every key as known; for mappings whose keys are data.
    func acceptAllKeys() { known.formUnion(values.keys) }

    /// The value under `key`, treating YAML null as absent; reports a missing required key.
    func value(_ key: String, required: Bool) -> Node? {
        known.insert(key)
        guard let node = values[key], !ProblemLog.isNull(node) else {
            if required { log.report(childPath(key), .missingKey) }
            return nil
        }
        return node
    }

    func has(_ key: String) -> Bool {
        guard let node = values[key] else { return false }
        return !ProblemLog.isNull(node)
    }

    func string(_ key: String, required: Bool = true) -> String? {
        value(key, required: required).flatMap { log.string($0, childPath(key)) }
    }

    func string(_ key: String, default fallback: String) -> String? {
        guard let node = value(key, required: false) else { return fallback }
        return log.string(node, childPath(key))
    }

    func int(_ key: String, range: ClosedRange<Int>, default fallback: Int? = nil) -> Int? {
        guard let node = value(key, required: fallback == nil) else { return fallback }
        return log.int(node, childPath(key), range: range)
    }

    func bool(_ key: String, default fallback: Bool? = nil) -> Bool? {
        guard let node = value(key, required: fallback == nil) else { return fallback }
        return log.bool(node, childPath(key))
    }

    func decimal(_ key: String, range: DecimalRange, default fallback: String? = nil) -> String? {
        guard let node = value(key, required: fallback == nil) else { return fallback }
        return log.decimal(node, childPath(key), range: range)
    }

    func word<Word: RawRepresentable<String> & CaseIterable>(_ key: String, default fallback: Word? = nil)
        -> Word?
    {
        guard let node = value(key, required: fallback == nil) else { return fallback }
        return log.word(node, childPath(key), as: Word.self)
    }

    func mapping(_ key: String, required: Bool = true) -> MappingReader? {
        value(key, required: required).flatMap { MappingReader($0, path: childPath(key), log: log) }
    }

    /// An optional sub-section: nil when it was present but invalid, `.init(value: nil)` when absent.
    func optionalSection<Section>(_ key: String, _ read: (MappingReader) -> Section?) -> OptionalSection<
        Section
    >? {
        guard has(key) else {
            _ = value(key, required: false)
            return OptionalSection(value: nil)
        }
        guard let reader = mapping(key), let section = read(reader) else { return nil }
        return OptionalSection(value: section)
    }

    /// The items of a list with their key paths (`venues.sim.symbols[0]`).
    func list(_ key: String, required: Bool = true) -> [(path: String, node: Node)]? {
        guard let node = value(key, required: required) else { return nil }
        guard let items = node.sequence else {
            log.report(
                childPath(key), .wrongType(expected: "a list", found: ProblemLog.describe(node)), at: node)
            return nil
        }
        return items.enumerated().map { ("\(childPath(key))[\($0.offset)]", $0.element) }
    }

    /// A non-empty list of non-empty strings, each checked by `isValid` (described by `rule`).
    func strings(
        _ key: String, required: Bool = true, rule: String? = nil, isValid: (String) -> Bool = { _ in true }
    ) -> [String]? {
        guard let items = list(key, required: required) else { return nil }
        if items.isEmpty {
            log.report(childPath(key), .invalid("must not be empty"), at: values[key])
            return nil
        }
        var result: [String] = []
        var ok = true
        for item in items {
            guard let text = log.string(item.node, item.path) else {
                ok = false
                continue
            }
            if !isValid(text) {
                log.report(item.path, .invalid("'\(text)' \(rule ?? "is not valid")"), at: item.node)
                ok = false
            }
            if result.contains(text) {
                log.report(item.path, .invalid("'\(text)' is listed twice"), at: item.node)
                ok = false
            }
            result.append(text)
        }
        return ok ? result : nil
    }

    /// Reports every key no accessor asked for.
    func finish() {
        for (key, node) in order where !known.contains(key) {
            log.report(childPath(key), .unknownKey, at: node)
        }
    }
}

/// The outcome of reading an optional section that was valid or absent.
struct OptionalSection<Section> {
    var value: Section?
}
