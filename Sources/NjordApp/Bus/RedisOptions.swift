import ArgumentParser
import Foundation
import NjordCore
import NjordRedis

/// How a command reaches Redis: a `redis://` or `unix://` URL, or the project's local server
/// (`scripts/redis`: the unix socket `var/run/redis.sock`, else 127.0.0.1:6479).
/// The password comes from the environment (`NJORD_REDIS_PASSWORD`), never from the command line.
struct RedisOptions: ParsableArguments {
    @Option(name: .customLong("redis"), help: "redis://[user@]host:port[/db] or unix:///path.sock[?db=N].")
    var url: String?

    func endpoint(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RedisEndpoint {
        let password = environment["NJORD_REDIS_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        guard let url = url ?? environment["NJORD_REDIS_URL"] else {
            let socket = "var/run/redis.sock"
            if FileManager.default.fileExists(atPath: socket) {
                return .unix(path: socket, password: password)
            }
            return .tcp(port: RedisEndpoint.projectDefaultPort, password: password)
        }
        guard let endpoint = RedisURL.parse(url, password: password) else {
            throw ValidationError("--redis: '\(url)' is not redis://host:port[/db] or unix:///path[?db=N]")
        }
        return endpoint
    }

    func bus(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RedisBus {
        try RedisBus(options: RedisBusOptions(endpoint: endpoint(environment: environment)))
    }
}

/// Parses the two URL forms the stack accepts for Redis.
enum RedisURL {
    static func parse(_ text: String, password: String?) -> RedisEndpoint? {
        if text.hasPrefix("unix://") {
            var rest = String(text.dropFirst("unix://".count))
            var db = 0
            if let q = rest.firstIndex(of: "?") {
                let query = rest[rest.index(after: q)...]
                rest = String(rest[..<q])
                guard query.hasPrefix("db="), let n = Int(query.dropFirst(3)), n >= 0 else { return nil }
                db = n
            }
            guard rest.hasPrefix("/") else { return nil }
            return .unix(path: rest, database: db, password: password)
        }
        guard text.hasPrefix("redis://") else { return nil }
        var rest = Substring(text.dropFirst("redis://".count))
        var user: String?
        if let at = rest.firstIndex(of: "@") {
            user = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        var db = 0
        if let slash = rest.firstIndex(of: "/") {
            guard let n = Int(rest[rest.index(after: slash)...]), n >= 0 else { return nil }
            db = n
            rest = rest[..<slash]
        }
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
            (1...65_535).contains(port)
        else { return nil }
        let host = String(rest[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard !host.isEmpty else { return nil }
        return .tcp(host: host, port: port, database: db, username: user, password: password)
    }
}
