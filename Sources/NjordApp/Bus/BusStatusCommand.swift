import ArgumentParser
import Foundation
import NjordCore
import NjordRedis
import NjordServiceKit

/// `njord bus status`: the server, the order-flow streams with their consumer groups, and the
/// latest dead letters. Exits 1 with the reason when Redis cannot be reached.
struct BusStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the server, order-flow streams, consumer groups and dead letters.")

    @OptionGroup var redis: RedisOptions

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let options = try redis.busOptions()
        let endpoint = Self.publicDescription(options.endpoint)
        let bus: RedisBus
        do {
            bus = try RedisBus(options: options)
        } catch {
            StandardError.write("njord bus status: redis unreachable at \(endpoint): \(error)")
            throw ExitCode(1)
        }
        defer { bus.close() }
        let report: BusStatusReport
        do {
            report = try BusStatusProbe(run: { args throws(BusError) in try bus.command(args) })
                .report(endpoint: endpoint)
        } catch {
            StandardError.write("njord bus status: querying redis at \(endpoint) failed: \(error)")
            throw ExitCode(1)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text)
        }
    }

    /// `redis://user@host:port/db` or `unix:///path?db=N`: the endpoint with no trace of its password.
    static func publicDescription(_ endpoint: RedisEndpoint) -> String {
        let user = endpoint.username.map { "\($0)@" } ?? ""
        switch endpoint.address {
        case .tcp: return "redis://\(user)\(endpoint.addressDescription)/\(endpoint.database)"
        case .unix(let path): return "unix://\(user)\(path)?db=\(endpoint.database)"
        }
    }
}
