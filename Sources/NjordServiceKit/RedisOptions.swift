public import ArgumentParser
public import Foundation
import NjordConfig
import NjordCore
public import NjordRedis

/// How a command reaches Redis, first match wins:
/// 1. `--redis URL` or `NJORD_REDIS_URL` (`redis://[user@]host:port[/db]` or `unix:///path.sock[?db=N]`),
///    with the password from `NJORD_REDIS_PASSWORD`, never from the command line;
/// 2. the `redis:` section of `--config-dir` (default `config`) when that directory exists, with the
///    `NJORD_*` overrides, credentials from the variables it names, and its timeouts and caps;
/// 3. the project's local server (`scripts/redis`): the unix socket `var/run/redis.sock`, else
///    127.0.0.1:6479.
public struct RedisOptions: ParsableArguments {
    @Option(name: .customLong("redis"), help: "redis://[user@]host:port[/db] or unix:///path.sock[?db=N].")
    public var url: String?

    @Option(
        name: .customLong("config-dir"),
        help: "Directory of base.yaml, whose redis: section is used when --redis and NJORD_REDIS_URL are unset.")
    public var configDir = "config"

    public init() {}

    /// The connection and bus settings, resolved as the type's comment says.
    public func busOptions(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> RedisBusOptions
    {
        let password = environment["NJORD_REDIS_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if let url = url ?? environment["NJORD_REDIS_URL"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let endpoint = RedisURL.parse(url, password: password) else {
                throw ValidationError("--redis: '\(url)' is not redis://host:port[/db] or unix:///path[?db=N]")
            }
            return RedisBusOptions(endpoint: endpoint)
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: configDir, isDirectory: &isDirectory), isDirectory.boolValue {
            let configuration: NjordConfiguration
            do {
                configuration = try NjordConfiguration.load(directory: configDir, environment: environment)
            } catch {
                let problems = error.problems.map(\.description).joined(separator: "\n")
                throw ValidationError("--config-dir \(configDir): the configuration does not load:\n\(problems)")
            }
            do {
                return try RedisBusOptions(config: configuration.base.redis, environment: environment)
            } catch {
                throw ValidationError("\(configDir)/\(NjordConfiguration.baseFile): \(error)")
            }
        }
        let socket = "var/run/redis.sock"
        if FileManager.default.fileExists(atPath: socket) {
            return RedisBusOptions(endpoint: .unix(path: socket, password: password))
        }
        return RedisBusOptions(endpoint: .tcp(port: NjordRedis.RedisEndpoint.projectDefaultPort, password: password))
    }

    public func endpoint(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> NjordRedis.RedisEndpoint
    {
        try busOptions(environment: environment).endpoint
    }

    public func bus(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RedisBus {
        try RedisBus(options: busOptions(environment: environment))
    }
}
