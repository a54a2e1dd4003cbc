/// `paper:` — the paper trader's simulated venue: fees, the touch-fill rule and starting cash.
/// Optional; every key has a default.
public struct PaperConfig: Sendable, Equatable {
    /// Fee on maker fills in basis points (negative: a rebate); at most 4 fractional digits.
    // TODO(fixed): becomes Fixed
    public var makerFeeBps: String
    /// Fee on taker fills in basis points; at most 4 fractional digits.
    // TODO(fixed): becomes Fixed
    public var takerFeeBps: String
    /// How a resting limit fills on a trade exactly at its price.
    public var touchFill: PaperTouchFill
    /// Cash of the paper portfolio before any fill, quote currency.
    // TODO(fixed): becomes Fixed
    public var startingCash: String

    public init(
        makerFeeBps: String = "10", takerFeeBps: String = "10", touchFill: PaperTouchFill = .tradedQuantity,
        startingCash: String = "10000"
    ) {
        self.makerFeeBps = makerFeeBps
        self.takerFeeBps = takerFeeBps
        self.touchFill = touchFill
        self.startingCash = startingCash
    }

    static let feeRange = DecimalRange(minimum: "-100", maximum: "100")

    static func read(_ r: MappingReader) -> PaperConfig? {
        let defaults = PaperConfig()
        let maker = r.decimal("maker_fee_bps", range: feeRange, default: defaults.makerFeeBps)
        let taker = r.decimal(
            "taker_fee_bps", range: DecimalRange(minimum: "0", maximum: "100"), default: defaults.takerFeeBps)
        let touch: PaperTouchFill? = r.word("touch_fill", default: defaults.touchFill)
        let cash = r.decimal("starting_cash", range: .positive, default: defaults.startingCash)
        var exact = true
        for (key, value) in [("maker_fee_bps", maker), ("taker_fee_bps", taker)] {
            // The fee rate is bps / 10⁴ and must stay exact on the 10⁻⁸ grid.
            if let value, let fraction = value.split(separator: ".").dropFirst().first, fraction.count > 4 {
                r.log.report(r.childPath(key), .invalid("\(value) has more than 4 fractional digits"))
                exact = false
            }
        }
        r.finish()
        guard let maker, let taker, let touch, let cash, exact else { return nil }
        return PaperConfig(makerFeeBps: maker, takerFeeBps: taker, touchFill: touch, startingCash: cash)
    }
}

/// `paper.touch_fill`: the rule for a trade exactly at a resting limit's price.
public enum PaperTouchFill: String, Sendable, CaseIterable {
    /// Fill up to the traded quantity, as if first in the queue (optimistic).
    case tradedQuantity = "traded_quantity"
    /// Never fill at the touch; only trades through the price fill (pessimistic).
    case none
}
