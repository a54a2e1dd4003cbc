/// Settings of the Binance.US venue adapter. The base URLs come from `venues.binanceus.ws_url`
/// and `rest_url`, so tests point them at loopback.
public struct BinanceUSOptions: Sendable, Hashable {
    /// The WebSocket base, `wss://stream.binance.us:9443`; `/stream?streams=…` is appended.
    public var wsBaseURL: String
    /// The REST base, `https://api.binance.us`; `/api/v3/depth` and `/api/v3/exchangeInfo` are appended.
    public var restBaseURL: String
    /// Symbols, any case (`BTCUSDT`).
    public var symbols: [String]
    /// The venue name in events.
    public var venue: String
    /// Levels of the REST depth snapshot (Binance allows up to 5000).
    public var snapshotLimit: Int
    /// A ping is sent this often; a ping not answered by the next one closes the connection.
    public var pingIntervalMilliseconds: Int64
    /// A connection is replaced (planned reconnect) at this age: Binance closes them at 24 h.
    public var maxConnectionAgeMilliseconds: Int64
    /// No frame for this long: the stream is silent, the connection is closed and reopened.
    public var staleAfterMilliseconds: Int64
    /// How often the watchdog and the connection age are checked.
    public var watchdogTickMilliseconds: Int64
    /// Reconnect backoff (full jitter): first ceiling and cap.
    public var backoffBaseMilliseconds: Int
    public var backoffCapMilliseconds: Int
    /// A failed REST snapshot is retried after this long.
    public var snapshotRetryMilliseconds: Int64

    public init(
        wsBaseURL: String, restBaseURL: String, symbols: [String], venue: String = "binanceus",
        snapshotLimit: Int = 1_000, pingIntervalMilliseconds: Int64 = 30_000,
        maxConnectionAgeMilliseconds: Int64 = 23 * 3_600_000, staleAfterMilliseconds: Int64 = 30_000,
        watchdogTickMilliseconds: Int64 = 1_000, backoffBaseMilliseconds: Int = 250,
        backoffCapMilliseconds: Int = 30_000,
        snapshotRetryMilliseconds: Int64 = 1_000
    ) {
        self.wsBaseURL = wsBaseURL
        self.restBaseURL = restBaseURL
        self.symbols = symbols.map { $0.uppercased() }
        self.venue = venue
        self.snapshotLimit = snapshotLimit
        self.pingIntervalMilliseconds = pingIntervalMilliseconds
        self.maxConnectionAgeMilliseconds = maxConnectionAgeMilliseconds
        self.staleAfterMilliseconds = staleAfterMilliseconds
        self.watchdogTickMilliseconds = watchdogTickMilliseconds
        self.backoffBaseMilliseconds = backoffBaseMilliseconds
        self.backoffCapMilliseconds = backoffCapMilliseconds
        self.snapshotRetryMilliseconds = snapshotRetryMilliseconds
    }

    /// The combined-stream URL: trade, 100 ms depth diffs and book ticker of every symbol.
    public var streamURL: String {
        let streams = symbols.flatMap { symbol -> [String] in
            let s = symbol.lowercased()
            return ["\(s)@trade", "\(s)@depth@100ms", "\(s)@bookTicker"]
        }
        var base = Self.trimmed(wsBaseURL)
        // The single-stream base `…/ws` names the raw endpoint; combined streams live at `/stream`.
        if base.hasSuffix("/ws") { base = String(base.dropLast(3)) }
        return "\(base)/stream?streams=\(streams.joined(separator: "/"))"
    }

    public func depthURL(_ symbol: String) -> String {
        "\(Self.trimmed(restBaseURL))/api/v3/depth?symbol=\(symbol.uppercased())&limit=\(snapshotLimit)"
    }

    public var exchangeInfoURL: String { "\(Self.trimmed(restBaseURL))/api/v3/exchangeInfo" }

    private static func trimmed(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }
}
