/// A validated plain decimal held exactly (scaled by 10^18), so that config checks can compare and add
/// limits and weights without touching `Double`. Internal: the public structs keep the text.
// TODO(fixed): replace with NjordCore.Fixed once it lands.
struct ExactDecimal: Comparable, Sendable {
    static let fractionDigits = 18
    var scaled: Int128

    static let zero = ExactDecimal(scaled: 0)
    static let one = ExactDecimal(scaled: 1_000_000_000_000_000_000)

    init(scaled: Int128) { self.scaled = scaled }

    /// Parses `^-?[0-9]+(\.[0-9]+)?$` with at most 18 fraction digits; nil for anything else.
    init?(_ text: String) {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        let dot = bytes.firstIndex(of: UInt8(ascii: "."))
        let whole = bytes[..<(dot ?? bytes.endIndex)]
        let fraction = dot.map { bytes[($0 + 1)...] } ?? []
        guard !whole.isEmpty, dot == nil || !fraction.isEmpty, fraction.count <= Self.fractionDigits else {
            return nil
        }
        var value: Int128 = 0
        for b in whole {
            guard b >= 48, b <= 57 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int128(b - 48))
            guard !o1, !o2 else { return nil }
            value = a
        }
        var frac: Int128 = 0
        for b in fraction {
            guard b >= 48, b <= 57 else { return nil }
            frac = frac * 10 + Int128(b - 48)
        }
        for _ in fraction.count..<Self.fractionDigits { frac *= 10 }
        let (m, o1) = value.multipliedReportingOverflow(by: ExactDecimal.one.scaled)
        let (s, o2) = m.addingReportingOverflow(frac)
        guard !o1, !o2 else { return nil }
        scaled = negative ? -s : s
    }

    static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool { lhs.scaled < rhs.scaled }
    static func + (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        ExactDecimal(scaled: lhs.scaled + rhs.scaled)
    }
}
