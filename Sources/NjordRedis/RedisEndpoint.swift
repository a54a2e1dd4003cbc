/// Where a Redis server listens and how to log in to it.
///
/// The password is a secret: `description`, `debugDescription` and the reflection `dump` uses all
/// redact it, so an endpoint can be logged or printed as it is.
public struct RedisEndpoint: Sendable, Hashable {
    /// How the server is reached.
    public enum Address: Sendable, Hashable {
        /// A TCP host (name or IP) and port.
        case tcp(host: String, port: Int)
        /// A unix-domain socket path.
        case unix(path: String)
    }

    /// The port of the project's own local server (`scripts/redis`), clear of a system Redis on 6379.
    public static let projectDefaultPort = 6479

    public var address: Address
    /// The logical database chosen with `SELECT` right after connecting (and `AUTH`).
    public var database: Int
    /// The ACL user; nil logs in with `AUTH password` as the `default` user.
    public var username: String?
    /// nil skips `AUTH`.
    public var password: String?
    /// How long the TCP or unix-socket connect may take.
    public var connectTimeout: Duration
    /// How long any one socket read or write may block; nil blocks forever. Blocking commands
    /// (`BLPOP`, `XREADGROUP … BLOCK`) need a longer read timeout than the time they block.
    public var readTimeout: Duration?

    public init(
        address: Address, database: Int = 0, username: String? = nil, password: String? = nil,
        connectTimeout: Duration = .seconds(2), readTimeout: Duration? = .seconds(5)
    ) {
        self.address = address
        self.database = database
        self.username = username
        self.password = password
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
    }

    /// A TCP endpoint; defaults to the loopback interface.
    public static func tcp(
        host: String = "127.0.0.1", port: Int, database: Int = 0, username: String? = nil,
        password: String? = nil, readTimeout: Duration? = .seconds(5)
    ) -> RedisEndpoint {
        RedisEndpoint(
            address: .tcp(host: host, port: port), database: database, username: username,
            password: password, readTimeout: readTimeout)
    }

    /// A unix-socket endpoint.
    public static func unix(
        path: String, database: Int = 0, username: String? = nil, password: String? = nil,
        readTimeout: Duration? = .seconds(5)
    ) -> RedisEndpoint {
        RedisEndpoint(
            address: .unix(path: path), database: database, username: username, password: password,
            readTimeout: readTimeout)
    }

    /// `127.0.0.1:6479` or `/path/to/redis.sock`: the address alone, for error messages.
    public var addressDescription: String {
        switch address {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): path
        }
    }
}

extension RedisEndpoint: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `redis://alice:***@127.0.0.1:6479/2` or `unix:///var/run/redis.sock?db=2`; never the password.
    public var description: String {
        var login = username ?? ""
        if password != nil { login += ":***" }
        if !login.isEmpty { login += "@" }
        switch address {
        case .tcp: return "redis://\(login)\(addressDescription)/\(database)"
        case .unix(let path): return "unix://\(login)\(path)?db=\(database)"
        }
    }

    public var debugDescription: String { description }

    // `dump()` and the debugger walk the mirror, which would otherwise show the stored password.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "address": addressDescription, "database": database, "username": username as Any,
                "password": password == nil ? "nil" : "***", "connectTimeout": connectTimeout,
                "readTimeout": readTimeout as Any,
            ], displayStyle: .struct)
    }
}
