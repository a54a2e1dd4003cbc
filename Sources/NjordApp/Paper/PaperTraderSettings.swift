import NjordConfig
import NjordCore
import NjordExecution

/// The paper trader's fee schedule, fill options and starting cash, from `paper:` of `base.yaml`.
struct PaperTraderSettings {
    var fees: FeeSchedule
    var options: FillModelOptions
    var startingCash: Fixed

    static let standard = PaperTraderSettings(
        fees: (try? FeeSchedule(makerBps: Fixed(10), takerBps: Fixed(10))) ?? .zero, options: .standard,
        startingCash: Fixed(10_000))

    /// Maps the validated section; a value the fill model still refuses is named in the error.
    init(config: PaperConfig) throws(PaperTraderSettingsError) {
        func decimal(_ key: String, _ text: String) throws(PaperTraderSettingsError) -> Fixed {
            do { return try Fixed(text) } catch { throw .invalid(key: key, value: text, reason: "\(error)") }
        }
        let maker = try decimal("maker_fee_bps", config.makerFeeBps)
        let taker = try decimal("taker_fee_bps", config.takerFeeBps)
        do {
            fees = try FeeSchedule(makerBps: maker, takerBps: taker)
            options = try FillModelOptions(touchFill: config.touchFill == .none ? .none : .tradedQuantity)
        } catch {
            throw .invalid(key: "maker_fee_bps/taker_fee_bps", value: "\(maker)/\(taker)", reason: "\(error)")
        }
        startingCash = try decimal("starting_cash", config.startingCash)
    }

    init(fees: FeeSchedule, options: FillModelOptions, startingCash: Fixed) {
        self.fees = fees
        self.options = options
        self.startingCash = startingCash
    }
}

/// Why the `paper:` section cannot drive the fill model.
enum PaperTraderSettingsError: Error, CustomStringConvertible {
    /// `paper.<key>` holds a value the fill model refuses.
    case invalid(key: String, value: String, reason: String)

    var description: String {
        switch self {
        case .invalid(let key, let value, let reason): "paper.\(key): '\(value)' is not usable: \(reason)"
        }
    }
}
