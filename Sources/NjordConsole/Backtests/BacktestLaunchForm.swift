import Foundation
import NjordCore

/// The Backtests screen's launch form: strategy (cycled through the registry's kinds), bars file
/// or store symbol, parameters and fee. Text fields take typed characters; Tab moves between fields.
public struct BacktestLaunchForm: Hashable, Sendable {
    public enum Field: Int, CaseIterable, Sendable {
        case strategy, source, params, fee

        public var label: String {
            switch self {
            case .strategy: "strategy"
            case .source: "bars file or store symbol"
            case .params: "parameters (name=value,…)"
            case .fee: "fee (fraction of notional)"
            }
        }
    }

    public var strategies: [String]
    public var strategyIndex = 0
    public var source = ""
    public var params = ""
    public var fee = "0.001"
    public var focus = Field.strategy
    /// Why the last launch attempt was refused, shown under the form.
    public var problem: String?

    public init(strategies: [String]) {
        self.strategies = strategies
    }

    public var strategy: String? { strategies.indices.contains(strategyIndex) ? strategies[strategyIndex] : nil }

    /// The text of a field as the form shows it.
    public func value(_ field: Field) -> String {
        switch field {
        case .strategy: strategy ?? "(no strategies)"
        case .source: source
        case .params: params
        case .fee: fee
        }
    }

    public mutating func type(_ character: Character) {
        switch focus {
        case .strategy:
            if character == " " { cycleStrategy(by: 1) }
        case .source: if source.count < 200 { source.append(character) }
        case .params: if params.count < 200 { params.append(character) }
        case .fee: if fee.count < 20 { fee.append(character) }
        }
    }

    public mutating func deleteBackward() {
        switch focus {
        case .strategy: break
        case .source: source = String(source.dropLast())
        case .params: params = String(params.dropLast())
        case .fee: fee = String(fee.dropLast())
        }
    }

    public mutating func cycleStrategy(by step: Int) {
        guard !strategies.isEmpty else { return }
        strategyIndex = ((strategyIndex + step) % strategies.count + strategies.count) % strategies.count
    }

    public mutating func moveFocus(by step: Int) {
        let all = Field.allCases
        focus = all[((focus.rawValue + step) % all.count + all.count) % all.count]
    }

    /// The run the form describes, or why it cannot be launched. A source naming a path (a `/` or a
    /// `.csv` ending) is a bars file, anything else a store symbol.
    public func request(runId: String) -> Result<BacktestLaunchRequest, BacktestFormProblem> {
        guard let strategy else { return .failure(.noStrategy) }
        let source = source.trimmingCharacters(in: .whitespaces)
        guard !source.isEmpty else { return .failure(.noSource) }
        let fee = fee.trimmingCharacters(in: .whitespaces)
        guard let rate = try? Fixed(fee), !rate.isNegative, rate < Fixed(1) else { return .failure(.badFee(fee)) }
        let isFile = source.contains("/") || source.lowercased().hasSuffix(".csv")
        return .success(
            BacktestLaunchRequest(
                strategy: strategy, source: isFile ? .barsFile(source) : .storeSymbol(source.uppercased()),
                params: params.trimmingCharacters(in: .whitespaces), fee: fee, runId: runId))
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

    public var description: String {
        switch self {
        case .noStrategy: "no strategy to run"
        case .noSource: "give a bars file (a path) or a store symbol"
        case .badFee(let text): "fee '\(text)' is not a decimal fraction between 0 and 1"
        }
    }
}
