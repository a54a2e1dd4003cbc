/// `redis:` — how daemons reach the bus. Credentials are never in the file: `username_env` and
/// `password_env` name the environment variables that hold them.
public struct RedisConfig: Sendable, Equatable {
    public var endpoint: RedisEndpoint
    /// Logical database, 0...15.
    public var db: Int
    /// Name of the environment variable holding the ACL user name, if ACLs are used.
    public var usernameEnv: String?
    /// Name of the environment variable holding the ACL password.
    public var passwordEnv: String?
    public var connectTimeoutMs: Int
    public var readTimeoutMs: Int
    /// Upper bound of the exponential reconnect back-off.
    public var reconnectMaxBackoffMs: Int
    /// Approximate `MAXLEN ~` of every stream the stack appends to.
    public var streamMaxlen: Int

    public init(
        endpoint: RedisEndpoint, db: Int = 0, usernameEnv: String? = nil, passwordEnv: String? = nil,
        connectTimeoutMs: Int = 1000, readTimeoutMs: Int = 1000, reconnectMaxBackoffMs: Int = 2000,
        streamMaxlen: Int = 100_000
    ) {
        self.endpoint = endpoint
        self.db = db
        self.usernameEnv = usernameEnv
        self.passwordEnv = passwordEnv
        self.connectTimeoutMs = connectTimeoutMs
        self.readTimeoutMs = readTimeoutMs
        self.reconnectMaxBackoffMs = reconnectMaxBackoffMs
        self.streamMaxlen = streamMaxlen
    }

    static func read(_ r: MappingReader) -> RedisConfig? {
        let endpoint = readEndpoint(r)
        let db = r.int("db", range: 0...15, default: 0)
        let usernameEnv = environmentName(r, "username_env")
        let passwordEnv = environmentName(r, "password_env")
        let connect = r.int("connect_timeout_ms", range: 1...60_000, default: 1000)
        let read = r.int("read_timeout_ms", range: 1...60_000, default: 1000)
        let backoff = r.int("reconnect_max_backoff_ms", range: 10...600_000, default: 2000)
        let maxlen = r.int("stream_maxlen", range: 1...1_000_000_000, default: 100_000)
        r.finish()
        guard let endpoint, let db, let connect, let read, let backoff, let maxlen,
            r.has("username_env") == (usernameEnv != nil), r.has("password_env") == (passwordEnv != nil)
        else { return nil }
        return RedisConfig(
            endpoint: endpoint, db: db, usernameEnv: usernameEnv, passwordEnv: passwordEnv,
            connectTimeoutMs: connect, readTimeoutMs: read, reconnectMaxBackoffMs: backoff,
            streamMaxlen: maxlen)
    }

    private static func environmentName(_ r: MappingReader, _ key: String) -> String? {
        guard let name = r.string(key, required: false) else { return nil }
        guard Identifier.isEnvironmentName(name) else {
            r.log.report(
                r.childPath(key),
                .invalid(
                    "'\(name)' is not an environment variable name ([A-Z_][A-Z0-9_]*); put the secret in the environment and its name here"
                ))
            return nil
        }
        return name
    }

    private static func readEndpoint(_ r: MappingReader) -> RedisEndpoint? {
        let forms = [r.has("url"), r.has("host") || r.has("port"), r.has("unix_socket")].filter { $0 }.count
        let url = r.string("url", required: false)
        let host = r.string("host", required: false)
        let port = r.int("port", range: 1...65_535, default: 6379)
        let socket = r.string("unix_socket", required: false)
        guard forms == 1 else {
            r.log.report(
                r.path,
                .invalid(
                    forms == 0
                        ? "needs an endpoint: url, host/port or unix_socket"
                        : "give exactly one endpoint form: url, host/port or unix_socket"), at: r.node)
            return nil
        }
        if r.has("url") {
            guard let url else { return nil }
            guard url.hasPrefix("redis://") || url.hasPrefix("rediss://") || url.hasPrefix("unix://") else {
                r.log.report(
                    r.childPath("url"), .invalid("'\(url)' must start with redis://, rediss:// or unix://"))
                return nil
            }
            if let authority = url.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first,
                let userInfo = authority.split(separator: "@").first, authority.contains("@"),
                userInfo.contains(":")
            {
                r.log.report(
                    r.childPath("url"),
                    .invalid(
                        "must not contain a password; name its environment variable in redis.password_env"))
                return nil
            }
            return .url(url)
        }
        if r.has("unix_socket") { return socket.map { .unixSocket(path: $0) } }
        guard let port else { return nil }
        return .tcp(host: host ?? "127.0.0.1", port: port)
    }
}

/// Where the Redis server listens.
public enum RedisEndpoint: Sendable, Equatable, CustomStringConvertible {
    case url(String)
    case tcp(host: String, port: Int)
    case unixSocket(path: String)

    public var description: String {
        switch self {
        case .url(let url): return url
        case .tcp(let host, let port): return "\(host):\(port)"
        case .unixSocket(let path): return "unix:\(path)"
        }
    }
}
