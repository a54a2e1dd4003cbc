/// Running counts of the Binance.US adapter, shown on the ingest heartbeat as `venue.<name>`.
public struct BinanceUSCounters: Sendable, Hashable {
    /// Text frames received (malformed ones included).
    public var frames = 0
    /// Frames the parser rejected (counted, skipped).
    public var malformedFrames = 0
    /// Connection attempts, the first included.
    public var connectAttempts = 0
    /// Attempts that failed before the WebSocket upgrade.
    public var connectFailures = 0
    /// Connections established.
    public var connections = 0
    /// Connections lost or closed while running (each one is followed by a reconnect).
    public var reconnects = 0
    /// Connections closed because no frame came for the stale interval.
    public var watchdogTrips = 0
    /// Connections replaced because they reached the maximum age.
    public var plannedReconnects = 0
    /// REST depth snapshots asked for.
    public var snapshotRequests = 0
    /// REST depth snapshots that failed or did not parse (each is retried).
    public var snapshotFailures = 0
    /// `exchangeInfo` requests that failed or did not parse (each is retried).
    public var exchangeInfoFailures = 0

    public init() {}

    public var heartbeatCounters: [String: Int64] {
        [
            "frames": Int64(frames), "malformed_frames": Int64(malformedFrames),
            "connect_attempts": Int64(connectAttempts), "connect_failures": Int64(connectFailures),
            "connections": Int64(connections), "reconnects": Int64(reconnects),
            "watchdog_trips": Int64(watchdogTrips), "planned_reconnects": Int64(plannedReconnects),
            "snapshot_requests": Int64(snapshotRequests), "snapshot_failures": Int64(snapshotFailures),
            "exchange_info_failures": Int64(exchangeInfoFailures),
        ]
    }
}
