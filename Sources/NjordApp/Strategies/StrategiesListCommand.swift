public import ArgumentParser
import Foundation
import NjordCore
import NjordServiceKit

/// `njord strategies list [--json]`: the strategies the running host runs, with their parameters,
/// positions and open orders, and the unmanaged positions, from the key `njord:strategies` the host
/// keeps current. Exits 1 when no host has written it.
public struct StrategiesListCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the running strategy host's strategies.")

    @OptionGroup var redis: RedisOptions

    @Flag(help: "Print the key's JSON object as it is.")
    var json = false

    public init() {}

    public func run() throws {
        let bus = try redis.bus()
        defer { bus.close() }
        guard let bytes = try bus.value(forKey: StrategyListing.key) else {
            StandardError.write("strategies list: \(StrategyListing.key) is absent; no strategy host has run")
            throw ExitCode(1)
        }
        if json {
            print(String(decoding: bytes, as: UTF8.self))
            return
        }
        let listing: StrategyListing
        do {
            listing = try StrategyListing(json: bytes)
        } catch {
            StandardError.write("strategies list: \(StrategyListing.key) does not decode: \(error)")
            throw ExitCode(1)
        }
        let updated = Timestamp(nanosecondsSinceEpoch: listing.updatedAt)
        print("strategy host pid \(listing.pid), \(listing.reloads) reloads, updated \(updated)")
        print("id".padding(20) + "kind".padding(12) + "symbol".padding(10) + "position".padding(14) + "open  params")
        for s in listing.strategies {
            let params = s.params.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            print(
                s.id.padding(20) + s.kind.padding(12) + s.symbol.padding(10) + s.position.padding(14)
                    + String(s.openOrders).padding(6) + params)
        }
        for u in listing.unmanaged {
            print("unmanaged: \(u.strategyId) \(u.symbol) \(u.quantity) (no strategy manages it; not flattened)")
        }
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
