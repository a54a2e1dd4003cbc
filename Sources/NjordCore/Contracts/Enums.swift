/// An enum that travels as one of a fixed set of lowercase strings.
protocol WireEnum: RawRepresentable, CaseIterable where RawValue == String {
    /// The wire strings, in the order of ``wireCases``.
    static var wireNames: NameTable { get }
    /// `allCases`, stored (the synthesized one builds an array on every call).
    static var wireCases: [Self] { get }
}

extension JSONReader {
    mutating func readEnum<E: WireEnum>(_: E.Type, at path: @autoclosure () -> String) throws(ContractError) -> E {
        E.wireCases[try readName(in: E.wireNames, at: path())]
    }
}

extension JSONSink {
    mutating func enumValue<E: WireEnum>(_ value: E) { string(value.rawValue) }
}

/// Buy or sell. On a trade: the taker's (aggressor's) side.
public enum Side: String, Hashable, Sendable, CaseIterable, WireEnum {
    case buy, sell

    /// The side that takes liquidity from this one.
    public var opposite: Side { self == .buy ? .sell : .buy }

    static let wireNames = NameTable(allCases.map(\.rawValue))
    static let wireCases = allCases
}

/// How an order is priced.
public enum OrderType: String, Hashable, Sendable, CaseIterable, WireEnum {
    case market, limit

    static let wireNames = NameTable(allCases.map(\.rawValue))
    static let wireCases = allCases
}

/// How long an order stays open: good till canceled, immediate or cancel, fill or kill.
public enum TimeInForce: String, Hashable, Sendable, CaseIterable, WireEnum {
    case gtc, ioc, fok

    static let wireNames = NameTable(allCases.map(\.rawValue))
    static let wireCases = allCases
}

/// The length of a bar.
public enum BarInterval: String, Hashable, Sendable, CaseIterable, WireEnum {
    case oneSecond = "1s"
    case oneMinute = "1m"
    case oneHour = "1h"
    case oneDay = "1d"

    /// The interval in nanoseconds.
    public var nanoseconds: Int64 {
        switch self {
        case .oneSecond: 1_000_000_000
        case .oneMinute: 60_000_000_000
        case .oneHour: 3_600_000_000_000
        case .oneDay: 86_400_000_000_000
        }
    }

    static let wireNames = NameTable(allCases.map(\.rawValue))
    static let wireCases = allCases
}

/// What happened to an order at the venue (the fills themselves travel as ``Fill``).
public enum OrderStatus: String, Hashable, Sendable, CaseIterable, WireEnum {
    case accepted, rejected, canceled, expired
    /// A fill left part of the order open.
    case partiallyFilled = "partially_filled"
    /// A fill completed the order.
    case filled

    static let wireNames = NameTable(allCases.map(\.rawValue))
    static let wireCases = allCases
}

/// Whether a fill added liquidity (maker) or took it (taker).
public enum Liquidity: String, Hashable, Sendable, CaseIterable, WireEnum {
    case maker, taker

    static let wireNames = NameTable(allCases.map(\.rawValue))
    static let wireCases = allCases
}

/// A service's own view of its health.
public enum ServiceStatus: String, Hashable, Sendable, CaseIterable, WireEnum {
    case ok, degraded, down

    static let wireNames = NameTable(allCases.map(\.rawValue))
    static let wireCases = allCases
}
