public import NjordConfig
public import NjordRedis

/// Why the `redis:` section of the configuration cannot be turned into bus options.
public enum RedisConfigMappingError: Error, Equatable, CustomStringConvertible {
    /// `redis.username_env` or `redis.password_env` names a variable that is unset or empty.
    case credentialUnset(key: String, variable: String)
    /// `redis.url` is a form this build cannot connect with (TLS, or not a URL it parses).
    case unsupportedURL(String)

    public var description: String {
        switch self {
        case .credentialUnset(let key, let variable):
            "redis.\(key) names \(variable), which is unset or empty in the environment"
        case .unsupportedURL(let url):
            url.hasPrefix("rediss://")
                ? "redis.url: '\(url)': TLS (rediss://) is not supported by this build"
                : "redis.url: '\(url)' is not redis://[user@]host:port[/db] or unix:///path[?db=N]"
        }
    }
}

extension RedisBusOptions {
    /// The bus options of a validated `redis:` section: its endpoint, `db` (unless the URL names one),
    /// credentials read from the variables `username_env`/`password_env` name, timeouts, reconnect cap
    /// and stream cap.
    public init(config: RedisConfig, environment: [String: String]) throws(RedisConfigMappingError) {
        func secret(_ key: String, _ variable: String?) throws(RedisConfigMappingError) -> String? {
            guard let variable else { return nil }
            guard let value = environment[variable], !value.isEmpty else {
                throw .credentialUnset(key: key, variable: variable)
            }
            return value
        }
        let username = try secret("username_env", config.usernameEnv)
        let password = try secret("password_env", config.passwordEnv)
        var endpoint: NjordRedis.RedisEndpoint
        switch config.endpoint {
        case .url(let url):
            guard let parsed = RedisURL.parse(url, password: password, defaultDatabase: config.db) else {
                throw .unsupportedURL(url)
            }
            endpoint = parsed
            if let username { endpoint.username = username }
        case .tcp(let host, let port):
            endpoint = .tcp(host: host, port: port, database: config.db, username: username, password: password)
        case .unixSocket(let path):
            endpoint = .unix(path: path, database: config.db, username: username, password: password)
        }
        endpoint.connectTimeout = .milliseconds(config.connectTimeoutMs)
        endpoint.readTimeout = .milliseconds(config.readTimeoutMs)
        self.init(
            endpoint: endpoint, streamMaxLength: config.streamMaxlen,
            reconnectCapMilliseconds: config.reconnectMaxBackoffMs)
    }
}
