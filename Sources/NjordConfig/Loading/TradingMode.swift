/// Whether orders may reach a real venue. Live trading needs two independent switches: the file says
/// `app.env: live` AND the operator's environment sets `NJORD_ENABLE_LIVE=1`; anything else is dry-run.
public enum TradingMode: String, Sendable, Equatable {
    case live
    case dryRun = "dry-run"
}

/// The live gate's decision and, when the two switches disagree, a warning to show the operator.
public struct LiveGateDecision: Sendable, Equatable {
    public var mode: TradingMode
    public var warning: String?

    /// The environment variable that arms live trading; only the exact value `1` counts.
    public static let variable = "NJORD_ENABLE_LIVE"

    public init(mode: TradingMode, warning: String?) {
        self.mode = mode
        self.warning = warning
    }

    public static func evaluate(env: AppEnvironment, environment: [String: String]) -> LiveGateDecision {
        let raw = environment[variable]
        let armed = raw == "1"
        switch (env, armed) {
        case (.live, true):
            return LiveGateDecision(mode: .live, warning: nil)
        case (.live, false):
            let detail = raw.map { "is '\($0)', not '1'" } ?? "is not set"
            return LiveGateDecision(
                mode: .dryRun,
                warning:
                    "app.env is live but \(variable) \(detail): running DRY-RUN, no order reaches a venue")
        case (_, true):
            return LiveGateDecision(
                mode: .dryRun,
                warning:
                    "\(variable)=1 is ignored because app.env is \(env.rawValue), not live: running dry-run")
        case (_, false):
            return LiveGateDecision(mode: .dryRun, warning: nil)
        }
    }
}
