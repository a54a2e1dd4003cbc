import Foundation
public import NjordCore

/// Real-looking events for consumer tests: order intents and trades with unique ids.
public enum SampleEvents {
    /// The `n`th order intent of a strategy; id `<source>:<n>`, sequence `n`.
    public static func orderIntent(_ n: Int, source: String = "strat-trend") throws -> EventEnvelope {
        let intent = try OrderIntent(
            strategyId: "trend-1", clientOrderId: "trend-1-\(n)", symbol: "BTCUSDT", side: n % 2 == 0 ? .buy : .sell,
            orderType: .limit, quantity: try Fixed("0.0125"), quoteAmount: nil,
            limitPrice: Fixed(raw: 6_183_000_000_000 + Int128(n) * 1_000_000), timeInForce: .gtc,
            reason: "close crossed \"upper band\" (\(n))")
        let time = Timestamp(nanosecondsSinceEpoch: 1_723_161_300_000_000_000 + Int64(n) * 1_000_000)
        return EventEnvelope(
            id: "\(source):\(n)", source: source, sequence: UInt64(n), eventTime: time, receiveTime: time,
            payload: .orderIntent(intent))
    }

    /// A BTCUSDT trade with sequence `sequence` from `source`; id `<source>:<sequence>`.
    public static func trade(sequence: UInt64, source: String = "md-ingest") throws -> EventEnvelope {
        let trade = Trade(
            venue: "binance", symbol: "BTCUSDT", tradeId: 3_735_683_259 + Int64(sequence),
            price: try Fixed("61837.63"), qty: try Fixed("0.02"), side: sequence % 2 == 0 ? .buy : .sell)
        let time = Timestamp(nanosecondsSinceEpoch: 1_723_161_255_342_000_000 + Int64(sequence) * 1_000_000)
        return EventEnvelope(
            id: "\(source):\(sequence)", source: source, sequence: sequence, eventTime: time, receiveTime: time,
            payload: .trade(trade))
    }

    /// Payloads no consumer can decode, with the kind each must be dead-lettered as.
    public static func garbage() throws -> [(name: String, payload: [UInt8], kind: BadInputKind)] {
        let good = try orderIntent(999_999).jsonString
        return [
            ("not JSON", Array("order: buy 1 BTC".utf8), .malformedJSON),
            ("truncated envelope", Array(good.utf8.prefix(60)), .malformedJSON),
            ("not UTF-8", [0xFF, 0xFE, 0x7B, 0x00, 0x80], .malformedJSON),
            (
                "unknown type", Array(good.replacingOccurrences(of: "\"order.intent\"", with: "\"order.wish\"").utf8),
                .unknownType
            ),
            ("version 2", Array(good.replacingOccurrences(of: "\"v\":1", with: "\"v\":2").utf8), .unsupportedVersion),
        ]
    }
}
