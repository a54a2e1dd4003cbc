public import NjordCore

/// What a store file holds: trades, or bars of one interval. Names the `<kind>` path component.
public enum StoreKind: Hashable, Sendable, CustomStringConvertible {
    case trades
    case bars(BarInterval)

    /// `trades`, `bars-1m`, `bars-1s`, …
    public var pathComponent: String {
        switch self {
        case .trades: "trades"
        case .bars(let interval): "bars-\(interval.rawValue)"
        }
    }

    public var description: String { pathComponent }

    /// The kind a path component names; nil for anything else.
    public init?(pathComponent: String) {
        if pathComponent == "trades" {
            self = .trades
        } else if pathComponent.hasPrefix("bars-"),
            let interval = BarInterval(rawValue: String(pathComponent.dropFirst(5)))
        {
            self = .bars(interval)
        } else {
            return nil
        }
    }

    /// The header's kind code: 1 trades, 2 bars.
    var code: UInt8 {
        switch self {
        case .trades: 1
        case .bars: 2
        }
    }

    /// The bar length in nanoseconds; 0 for trades.
    var intervalNanoseconds: Int64 {
        switch self {
        case .trades: 0
        case .bars(let interval): interval.nanoseconds
        }
    }

    /// The kind a header's code and interval name; nil when they name none.
    init?(code: UInt8, intervalNanoseconds: Int64) {
        switch code {
        case 1 where intervalNanoseconds == 0:
            self = .trades
        case 2:
            guard let interval = BarInterval.allCases.first(where: { $0.nanoseconds == intervalNanoseconds })
            else { return nil }
            self = .bars(interval)
        default:
            return nil
        }
    }
}
