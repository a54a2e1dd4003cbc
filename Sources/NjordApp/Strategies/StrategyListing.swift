import Foundation
import NjordCore
import NjordStrategies

/// What the key `njord:strategies` holds, written by the strategy host at start and on every
/// change (reload, fill) and read by `njord strategies list`: one JSON object (docs/CONTRACTS.md).
struct StrategyListing: Codable, Equatable {
    struct Entry: Codable, Equatable {
        var id: String
        var kind: String
        var symbol: String
        /// Parameters as the configuration wrote them (text).
        var params: [String: String]
        /// Base-asset position, decimal text.
        var position: String
        var openOrders: Int

        enum CodingKeys: String, CodingKey {
            case id, kind, symbol, params, position
            case openOrders = "open_orders"
        }
    }

    struct Unmanaged: Codable, Equatable {
        var strategyId: String
        var symbol: String
        var quantity: String

        enum CodingKeys: String, CodingKey {
            case symbol, quantity
            case strategyId = "strategy_id"
        }
    }

    /// The host's pid.
    var pid: Int64
    /// When this was written, nanoseconds since the epoch.
    var updatedAt: Int64
    var reloads: Int
    /// Running strategies, by id.
    var strategies: [Entry]
    /// Positions no running strategy manages, by strategy id and symbol.
    var unmanaged: [Unmanaged]

    enum CodingKeys: String, CodingKey {
        case pid, reloads, strategies, unmanaged
        case updatedAt = "updated_at"
    }

    static let key = "njord:strategies"

    init(host: StrategyHost, pid: Int64, at time: Timestamp, reloads: Int) {
        self.pid = pid
        updatedAt = time.nanosecondsSinceEpoch
        self.reloads = reloads
        strategies = host.strategies.map { running in
            Entry(
                id: running.id, kind: running.spec.kind, symbol: running.spec.symbol,
                params: running.spec.parameters.values, position: running.position.description,
                openOrders: running.openOrders.count)
        }
        unmanaged = host.unmanagedPositions.map {
            Unmanaged(strategyId: $0.strategyId, symbol: $0.symbol, quantity: $0.quantity.description)
        }
    }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8))
    }

    init(json bytes: [UInt8]) throws {
        self = try JSONDecoder().decode(StrategyListing.self, from: Data(bytes))
    }
}
