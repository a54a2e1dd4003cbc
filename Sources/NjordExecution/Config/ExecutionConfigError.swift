public import NjordCore

/// A fee schedule or fill-model option that cannot be used, named with the offending value.
public enum ExecutionConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A fee rate (fraction) outside (-1, 1).
    case feeRateOutOfRange(name: String, value: Fixed)
    /// A rate in basis points with more digits than 10⁻⁸ can hold as a fraction.
    case basisPointsNotExact(name: String, value: Fixed)
    /// Slippage must not be negative (it only ever worsens a taker's price).
    case negativeSlippage(String)
    /// Latency must not be negative.
    case negativeLatency(Int64)
    /// The volume cap is a fraction of traded volume in (0, 1].
    case volumeCapOutOfRange(Fixed)

    public var description: String {
        switch self {
        case .feeRateOutOfRange(let name, let value):
            "\(name): fee rate \(value) is outside (-1, 1) (a fraction: 0.001 is 10 bps)"
        case .basisPointsNotExact(let name, let value):
            "\(name): \(value) bps has more than 4 fractional digits, not exact at 10^-8"
        case .negativeSlippage(let text): "slippage: \(text) is negative"
        case .negativeLatency(let ns): "latency: \(ns) ns is negative"
        case .volumeCapOutOfRange(let value): "volume_cap: \(value) is outside (0, 1]"
        }
    }
}
