public import NjordCore

/// One simulated instrument: where its price starts, its grids, and the shape of its book and trades.
public struct SimSymbolConfig: Sendable, Hashable {
    public var symbol: String
    public var startPrice: Fixed
    /// Price grid; every book level and trade price is a whole number of ticks.
    public var tickSize: Fixed
    /// Quantity grid; every level and trade quantity is a whole number of steps.
    public var stepSize: Fixed
    /// Price levels kept on each side of the book (one per tick below/above the mid when full).
    public var levels: Int
    /// Median quantity resting at one level (log-normal).
    public var medianLevelQuantity: Fixed
    /// Median quantity of one taker order (log-normal); large ones walk several levels.
    public var medianTradeQuantity: Fixed

    public init(
        symbol: String, startPrice: Fixed, tickSize: Fixed, stepSize: Fixed, levels: Int = 50,
        medianLevelQuantity: Fixed, medianTradeQuantity: Fixed
    ) {
        self.symbol = symbol
        self.startPrice = startPrice
        self.tickSize = tickSize
        self.stepSize = stepSize
        self.levels = levels
        self.medianLevelQuantity = medianLevelQuantity
        self.medianTradeQuantity = medianTradeQuantity
    }

    /// BTCUSDT as Binance lists it: tick 0.01, step 0.00001.
    public static let btcusdt = SimSymbolConfig(
        symbol: "BTCUSDT", startPrice: Fixed(60_000), tickSize: Fixed(mantissa: 1, exponent: 2),
        stepSize: Fixed(mantissa: 1, exponent: 5), medianLevelQuantity: Fixed(mantissa: 5, exponent: 2),
        medianTradeQuantity: Fixed(mantissa: 2, exponent: 3))

    /// ETHUSDT as Binance lists it: tick 0.01, step 0.0001.
    public static let ethusdt = SimSymbolConfig(
        symbol: "ETHUSDT", startPrice: Fixed(2_600), tickSize: Fixed(mantissa: 1, exponent: 2),
        stepSize: Fixed(mantissa: 1, exponent: 4), medianLevelQuantity: Fixed(mantissa: 8, exponent: 1),
        medianTradeQuantity: Fixed(mantissa: 3, exponent: 2))

    /// The known instrument of that name, or a generic one at 100.00 (tick 0.01, step 0.001).
    public static func named(_ symbol: String) -> SimSymbolConfig {
        switch symbol {
        case "BTCUSDT": return .btcusdt
        case "ETHUSDT": return .ethusdt
        default:
            return SimSymbolConfig(
                symbol: symbol, startPrice: Fixed(100), tickSize: Fixed(mantissa: 1, exponent: 2),
                stepSize: Fixed(mantissa: 1, exponent: 3), medianLevelQuantity: Fixed(10),
                medianTradeQuantity: Fixed(mantissa: 5, exponent: 1))
        }
    }
}
