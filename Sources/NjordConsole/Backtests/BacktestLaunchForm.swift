import Foundation
import NjordCore

/// The Backtests screen's launch form: mode (backtest or sweep), strategy (cycled through the
/// registry's kinds), bars file or store symbol, parameters (a sweep's grid) and fee. Text fields
/// take typed characters; Tab moves between fields; ←/→ or space change the mode and strategy.
public struct BacktestLaunchForm: Hashable, Sendable {
    public enum Field: Int, CaseIterable, Sendable {
        case mode, strategy, source, params, fee

        public func label(for mode: BacktestLaunchMode) -> String {
            switch self {
            case .mode: "run"
            case .strategy: "strategy"
            case .source: "bars file or venue:SYMBOL"
            case .params: mode == .sweep ? "grid (fast=5:20:5,slow=50)" : "parameters (name=value,…)"
            case .fee: "fee (fraction of notional)"
            }
        }
    }

    /// The venue a store symbol without one is read from (as `njord backtest`'s default).
    public static let defaultVenue = "binance"

    public var mode = BacktestLaunchMode.backtest
    public var strategies: [String]
    public var strategyIndex = 0
    public var source = ""
    public var params = ""
    public var fee = "0.001"
    public var focus = Field.mode
    /// Why the last launch attempt was refused, shown under the form.
    public var problem: String?

    public init(strategies: [String]) {
        self.strategies = strategies
    }

    public var strategy: String? { strategies.indices.contains(strategyIndex) ? strategies[strategyIndex] : nil }

    /// The text of a field as the form shows it.
    public func value(_ field: Field) -> String {
        switch field {
        case .mode: mode == .backtest ? "backtest (one run)" : "sweep (one job per grid point)"
        case .strategy: strategy ?? "(no strategies)"
        case .source: source
        case .params: params
        case .fee: fee
        }
    }

    public mutating func type(_ character: Character) {
        switch focus {
        case .mode: if character == " " { toggleMode() }
        case .strategy: if character == " " { cycleStrategy(by: 1) }
        case .source: if source.count < 200 { source.append(character) }
        case .params: if params.count < 200 { params.append(character) }
        case .fee: if fee.count < 20 { fee.append(character) }
        }
    }

    public mutating func deleteBackward() {
        switch focus {
        case .mode, .strategy: break
        case .source: source = String(source.dropLast())
        case .params: params = String(params.dropLast())
        case .fee: fee = String(fee.dropLast())
        }
    }

    /// ←/→ on the focused field: the mode or the strategy.
    public mutating func cycle(by step: Int) {
        switch focus {
        case .mode: toggleMode()
        case .strategy: cycleStrategy(by: step)
        default: break
        }
    }

    public mutating func toggleMode() { mode = mode == .backtest ? .sweep : .backtest }

    public mutating func cycleStrategy(by step: Int) {
        guard !strategies.isEmpty else { return }
        strategyIndex = ((strategyIndex + step) % strategies.count + strategies.count) % strategies.count
    }

    public mutating func moveFocus(by step: Int) {
        let all = Field.allCases
        focus = all[((focus.rawValue + step) % all.count + all.count) % all.count]
    }

    /// The jobs the form describes, or why they cannot be launched. A source naming a path (a `/`
    /// or a `.csv` ending) is a bars file; anything else `venue:SYMBOL` of the store (venue
    /// ``defaultVenue`` when left out). A backtest takes single values only: a range asks for a sweep.
    /// The grid itself is checked where it is expanded (the library), as `njord sweep` checks it.
    public func request() -> Result<BacktestLaunchRequest, BacktestFormProblem> {
        guard let strategy else { return .failure(.noStrategy) }
        let source = source.trimmingCharacters(in: .whitespaces)
        guard !source.isEmpty else { return .failure(.noSource) }
        let fee = fee.trimmingCharacters(in: .whitespaces)
        guard let rate = try? Fixed(fee), !rate.isNegative, rate < Fixed(1) else { return .failure(.badFee(fee)) }
        let params = params.filter { !$0.isWhitespace }
        if mode == .backtest, params.contains(":") { return .failure(.rangeInBacktest) }
        if mode == .sweep, params.isEmpty { return .failure(.noGrid) }
        let isFile = source.contains("/") || source.lowercased().hasSuffix(".csv")
        let origin: BacktestLaunchRequest.Source
        if isFile {
            origin = .barsFile(source)
        } else {
            let parts = source.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let (venue, symbol) = parts.count == 2 ? (parts[0], parts[1]) : (Self.defaultVenue, parts[0])
            guard !venue.isEmpty, !symbol.isEmpty else { return .failure(.noSource) }
            origin = .store(venue: venue.lowercased(), symbol: symbol.uppercased())
        }
        return .success(
            BacktestLaunchRequest(mode: mode, strategy: strategy, source: origin, params: params, fee: fee))
    }
}

/// Why the launch form cannot start a run.
public enum BacktestFormProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The registry offered no strategy.
    case noStrategy
    /// Neither a bars file nor a store symbol was given.
    case noSource
    /// The fee is not a decimal fraction in 0..<1.
    case badFee(String)
    /// A backtest was given a range (`name=start:stop:step`).
    case rangeInBacktest
    /// A sweep was given no grid.
    case noGrid

    public var description: String {
        switch self {
        case .noStrategy: "no strategy to run"
        case .noSource: "give a bars file (a path) or a store symbol (venue:SYMBOL)"
        case .badFee(let text): "fee '\(text)' is not a decimal fraction between 0 and 1"
        case .rangeInBacktest: "a backtest takes single values (name=value); switch to sweep for ranges"
        case .noGrid: "a sweep needs a grid, e.g. fast=5:20:5,slow=50"
        }
    }
}
