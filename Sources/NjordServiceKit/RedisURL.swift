import Foundation
public import NjordRedis

/// Parses the two URL forms the stack accepts for Redis.
public enum RedisURL {
    /// - Parameter defaultDatabase: the database when the URL names none (`redis.db` of the config).
    public static func parse(_ text: String, password: String?, defaultDatabase: Int = 0) -> RedisEndpoint? {
        if text.hasPrefix("unix://") {
            var rest = String(text.dropFirst("unix://".count))
            var db = defaultDatabase
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
        var db = defaultDatabase
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
