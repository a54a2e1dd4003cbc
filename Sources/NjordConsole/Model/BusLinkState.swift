/// The console's connection to the bus, as the header and the Overview show it.
public struct BusLinkState: Hashable, Sendable {
    public var connected: Bool
    /// Why it is not connected (or the last error), for the "disconnected, retrying" banner.
    public var problem: String?
    public var reconnects: Int
    /// Messages the console's queue dropped because the UI fell behind.
    public var dropped: Int
    /// Where the bus is, e.g. `redis:127.0.0.1:6479`.
    public var address: String

    public init(
        connected: Bool = false, problem: String? = "connecting", reconnects: Int = 0, dropped: Int = 0,
        address: String = ""
    ) {
        self.connected = connected
        self.problem = problem
        self.reconnects = reconnects
        self.dropped = dropped
        self.address = address
    }
}
