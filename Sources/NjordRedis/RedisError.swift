/// Why a Redis operation failed. Every case but `serverError` leaves the connection closed: open a
/// new `RedisConnection` to carry on. Descriptions never contain a password or command arguments.
public enum RedisError: Error, Equatable, Sendable {
    /// The TCP or unix-socket connect failed (refused, no such host or socket); hiredis's reason.
    case connectionFailed(endpoint: String, reason: String)
    /// The server rejected `AUTH`; names the user (never the password) and quotes the server's reply.
    case authenticationFailed(user: String, reply: String)
    /// The connect or read timeout elapsed before the server answered the named operation.
    case timeout(operation: String)
    /// A socket read or write failed with `errno` (connection reset, broken pipe, …).
    case io(errno: Int32, reason: String)
    /// The server sent bytes that are not valid RESP.
    case protocolError(String)
    /// The server answered with an error reply (`ERR …`, `WRONGTYPE …`); the connection stays usable.
    case serverError(String)
    /// The server closed the connection, or it was closed here (by `close()` or an earlier failure).
    case connectionClosed(String)
    /// hiredis failed for a reason of its own (out of memory, unusable argument).
    case clientFailure(String)

    /// True when the connection is gone and a new one is needed (the bus reconnects on these).
    public var isConnectionLost: Bool {
        switch self {
        case .serverError, .authenticationFailed: false
        default: true
        }
    }
}

extension RedisError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .connectionFailed(let endpoint, let reason): "cannot connect to Redis at \(endpoint): \(reason)"
        case .authenticationFailed(let user, let reply): "AUTH failed for user '\(user)': \(reply)"
        case .timeout(let operation): "Redis timed out during \(operation)"
        case .io(let errno, let reason): "Redis I/O error (errno \(errno)): \(reason)"
        case .protocolError(let reason): "Redis protocol error: \(reason)"
        case .serverError(let text): "Redis error reply: \(text)"
        case .connectionClosed(let reason): "Redis connection closed: \(reason)"
        case .clientFailure(let reason): "hiredis failure: \(reason)"
        }
    }
}
