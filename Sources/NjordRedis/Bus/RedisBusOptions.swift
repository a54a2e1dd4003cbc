import NjordCore

/// How a ``RedisBus`` connects and bounds its buffers.
public struct RedisBusOptions: Sendable {
    /// The server, credentials included (taken from the environment by the caller, never logged).
    public var endpoint: RedisEndpoint
    /// Streams are capped with `MAXLEN ~` at this length (`redis.stream_maxlen`).
    public var streamMaxLength: Int
    /// The ceiling of the reconnect backoff (`redis.reconnect_max_backoff_ms`, 2 s by default).
    public var reconnectCapMilliseconds: Int
    /// Messages each subscription buffers before dropping its oldest.
    public var subscriptionCapacity: Int
    /// How long `subscribe` waits for the server to confirm before returning anyway (the
    /// subscription is then restored by itself once the server answers).
    public var subscribeConfirmMilliseconds: Int

    public init(
        endpoint: RedisEndpoint, streamMaxLength: Int = 1_000_000, reconnectCapMilliseconds: Int = 2_000,
        subscriptionCapacity: Int = 65_536, subscribeConfirmMilliseconds: Int = 5_000
    ) {
        self.endpoint = endpoint
        self.streamMaxLength = streamMaxLength
        self.reconnectCapMilliseconds = reconnectCapMilliseconds
        self.subscriptionCapacity = subscriptionCapacity
        self.subscribeConfirmMilliseconds = subscribeConfirmMilliseconds
    }
}

extension RedisError {
    /// The bus's view of a Redis failure.
    var busError: BusError {
        switch self {
        case .serverError(let text): .rejected(text)
        case .authenticationFailed: .unauthorized(description)
        case .timeout: .timeout
        default: .disconnected(description)
        }
    }
}
