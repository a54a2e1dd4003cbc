public import NjordCore
public import NjordExecution
public import NjordRisk

/// When and at what price an order fills.
public enum FillModel: String, Hashable, Sendable, CaseIterable {
    /// Bars: market orders at the next bar's open, whole (no volume cap) — the peers' model;
    /// resting limits by trade-through and touch against later bars' lows and highs.
    case nextOpen = "next_open"
    /// Ticks (and L2 books where present): the paper trader's ``NjordExecution/PaperMatchingEngine``
    /// fed with the trade stream.
    case book
}

/// The account, market and risk rules of one backtest.
public struct BacktestConfig: Hashable, Sendable {
    /// Starting quote cash.
    public var cash: Fixed
    /// Fee per fill as a fraction of notional (0.001 = 0.1%), paid in quote: both the maker and the
    /// taker rate unless ``fees`` says otherwise.
    public var feeRate: Fixed
    /// Maker and taker rates when they differ from ``feeRate`` (`--maker-fee`, `--taker-fee`).
    public var fees: FeeSchedule?
    /// Tick and step the fills are rounded to (quantities down to the step).
    public var filters: InstrumentFilters
    public var fillModel: FillModel
    /// Touch rule, slippage, latency and volume cap (the paper trader's knobs).
    public var fillOptions: FillModelOptions
    /// The risk limits and the checks that run (default: ``defaultRisk``).
    public var risk: RiskLimits
    /// The kill switch as read when the run starts; a tripped switch denies every order.
    public var killSwitch: KillSwitchState
    /// The symbol orders name (intents, fills); one symbol per run.
    public var symbol: String
    /// The strategy id orders name; client order ids are `<strategyId>-<n>`.
    public var strategyId: String

    public init(
        cash: Fixed, feeRate: Fixed, filters: InstrumentFilters = .unrestricted, fillModel: FillModel = .nextOpen,
        fees: FeeSchedule? = nil, fillOptions: FillModelOptions = .standard, risk: RiskLimits = defaultRisk,
        killSwitch: KillSwitchState = .neverTripped, symbol: String = "BACKTEST", strategyId: String = "bt"
    ) {
        self.cash = cash
        self.feeRate = feeRate
        self.filters = filters
        self.fillModel = fillModel
        self.fees = fees
        self.fillOptions = fillOptions
        self.risk = risk
        self.killSwitch = killSwitch
        self.symbol = symbol
        self.strategyId = strategyId
    }

    /// Rates actually charged: ``fees`` or ``feeRate`` for both sides. A rate outside (-1, 1) is
    /// treated as no fee here; ``validate()`` rejects it first.
    public var feeSchedule: FeeSchedule {
        fees ?? (try? FeeSchedule(makerRate: feeRate, takerRate: feeRate)) ?? .zero
    }

    /// Rejects values a run cannot use: cash, tick and step must be positive, fees in (-1, 1).
    public func validate() throws(BacktestConfigError) {
        guard cash.isPositive else { throw .notPositive(name: "cash", value: cash) }
        guard filters.tickSize.isPositive else { throw .notPositive(name: "tick", value: filters.tickSize) }
        guard filters.stepSize.isPositive else { throw .notPositive(name: "step", value: filters.stepSize) }
        do { _ = try FeeSchedule(makerRate: feeRate, takerRate: feeRate) } catch {
            throw .fees("\(error)")
        }
    }

    /// The `backtest` profile without config: instrument filters and the kill switch; the caps,
    /// rates, band and staleness exist but are off.
    public static let defaultRisk = RiskLimits(
        maxOrderNotional: .max, maxPositionNotional: .max, maxGrossNotional: .max, dailyLossLimit: .max,
        strategyOrderRate: OrderRateLimit(perSecond: 1_000_000, burst: 1_000_000),
        globalOrderRate: OrderRateLimit(perSecond: 1_000_000, burst: 1_000_000), priceBandBps: 10_000,
        staleMarketDataNanoseconds: Int64.max, checks: RiskCheck.backtest)
}

/// A backtest setting that cannot be used, named with its value.
public enum BacktestConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Cash, tick or step is zero or negative.
    case notPositive(name: String, value: Fixed)
    /// A fee rate is outside (-1, 1).
    case fees(String)

    public var description: String {
        switch self {
        case .notPositive(let name, let value): "--\(name) \(value) must be positive"
        case .fees(let reason): "fees: \(reason)"
        }
    }
}
