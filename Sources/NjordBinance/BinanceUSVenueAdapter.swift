import Foundation
import NIOCore
import NIOPosix
public import NjordCore
public import NjordMarketData
import WebSocketKit

/// The Binance.US spot venue: one combined WebSocket stream (`<symbol>@trade`,
/// `<symbol>@depth@100ms`, `<symbol>@bookTicker` of every symbol) and the REST depth snapshot,
/// taken when a connection opens and whenever the book asks (``requestSnapshot(of:)``), so the
/// ``LocalOrderBook`` procedure (buffer, snapshot, bracket, continue) can run.
///
/// All network work runs on one NIO event loop: connecting, frames, pings (sent every
/// ``BinanceUSOptions/pingIntervalMilliseconds``; websocket-kit answers the server's pings), a
/// planned reconnect before Binance's 24-hour limit, reconnects with exponential backoff and full
/// jitter (``ReconnectBackoff``), and a staleness watchdog that closes a connection silent for
/// ``BinanceUSOptions/staleAfterMilliseconds``. Frames are decoded there (``BinanceFrameDecoder``)
/// into a locked queue that ``poll()`` drains; a malformed frame is counted and skipped.
public final class BinanceUSVenueAdapter: FrameVenueAdapter, @unchecked Sendable {
    public let options: BinanceUSOptions
    public var venue: String { options.venue }
    public var symbols: [String] { options.symbols }
    private let clock: any Clock
    private let group: MultiThreadedEventLoopGroup
    private let loop: any EventLoop
    private let rest = BinanceRESTClient()

    // Shared with the polling thread, under `lock`.
    private let lock = NjordCore.Mutex()
    private var queue: [VenueEvent] = []
    private var raw: [RawFrame] = []
    private var tallies = BinanceUSCounters()
    private var statuses: [String: VenueStreamStatus] = [:]
    private var state = VenueStreamStatus.State.stopped
    private var started = false
    private var filters: [String: InstrumentFilters] = [:]

    // Event-loop state: touched only on `loop`.
    private var socket: WebSocket?
    private var connectedAt: UInt64 = 0
    private var lastFrameAt: UInt64 = 0
    private var backoff: ReconnectBackoff
    private var random = SystemRandomNumberGenerator()
    private var decoder: BinanceFrameDecoder
    private var snapshotsInFlight: Set<String> = []
    private var stopped = false
    private var timer: RepeatedTask?

    public init(options: BinanceUSOptions, clock: any Clock = SystemClock()) throws(VenueAdapterError) {
        guard !options.symbols.isEmpty else { throw .invalidConfiguration("venues.binanceus.symbols is empty") }
        guard options.wsBaseURL.hasPrefix("ws://") || options.wsBaseURL.hasPrefix("wss://") else {
            throw .invalidConfiguration("ws_url '\(options.wsBaseURL)' must start with ws:// or wss://")
        }
        guard options.restBaseURL.hasPrefix("http://") || options.restBaseURL.hasPrefix("https://") else {
            throw .invalidConfiguration("rest_url '\(options.restBaseURL)' must start with http:// or https://")
        }
        guard options.staleAfterMilliseconds > 0, options.watchdogTickMilliseconds > 0,
            options.maxConnectionAgeMilliseconds > 0, options.pingIntervalMilliseconds > 0
        else { throw .invalidConfiguration("intervals must be positive") }
        guard options.backoffBaseMilliseconds > 0, options.backoffCapMilliseconds >= options.backoffBaseMilliseconds
        else { throw .invalidConfiguration("backoff needs 0 < base <= cap") }
        self.options = options
        self.clock = clock
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
        backoff = ReconnectBackoff(
            baseMilliseconds: options.backoffBaseMilliseconds, capMilliseconds: options.backoffCapMilliseconds)
        decoder = BinanceFrameDecoder(venue: options.venue)
    }

    // The last reference may be dropped on the event loop itself, where a synchronous shutdown deadlocks.
    deinit { group.shutdownGracefully { _ in } }

    public var now: Timestamp { clock.now() }

    public func start() throws(VenueAdapterError) {
        let first = lock.withLock {
            defer { started = true }
            if !started { state = .connecting }
            return !started
        }
        guard first else { return }
        let tick = TimeAmount.milliseconds(options.watchdogTickMilliseconds)
        loop.execute {
            self.fetchExchangeInfo()
            self.timer = self.loop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { _ in self.checkConnection() }
            self.connect()
        }
    }

    public func stop() {
        let wasRunning = lock.withLock {
            defer { state = .stopped }
            return started && state != .stopped
        }
        guard wasRunning else { return }
        let closed = loop.submit {
            self.stopped = true
            self.timer?.cancel()
            self.timer = nil
            _ = self.socket?.close(code: .goingAway)
            self.socket = nil
        }
        _ = try? closed.wait()
        rest.invalidate()
        try? group.syncShutdownGracefully()
    }

    public func poll() -> [VenueEvent] {
        lock.withLock {
            guard state != .stopped else { return [] }
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
    }

    public func requestSnapshot(of symbol: String) {
        let symbol = symbol.uppercased()
        loop.execute { self.fetchSnapshot(symbol) }
    }

    public var streamStatuses: [VenueStreamStatus] {
        lock.withLock {
            statuses.values.sorted { $0.stream < $1.stream }.map {
                var status = $0
                status.state = state
                return status
            }
        }
    }

    public func drainRawFrames() -> [RawFrame] {
        lock.withLock {
            defer { raw.removeAll(keepingCapacity: true) }
            return raw
        }
    }

    public var counters: [String: Int64] { lock.withLock { tallies.heartbeatCounters } }

    /// The counters as a value, for tests and status reports.
    public var tally: BinanceUSCounters { lock.withLock { tallies } }

    /// The configured symbols' trading filters from `exchangeInfo`, once it has been read (empty before).
    public var instrumentFilters: [String: InstrumentFilters] { lock.withLock { filters } }

    public let session = 0
    public let isExhausted = false

    // MARK: - Event loop

    private func connect() {
        guard !stopped else { return }
        lock.withLock {
            tallies.connectAttempts += 1
            state = .connecting
        }
        var configuration = WebSocketClient.Configuration()
        // Depth frames of busy symbols exceed websocket-kit's 16 KiB default.
        configuration.maxFrameSize = 1 << 24
        WebSocket.connect(to: options.streamURL, configuration: configuration, on: loop) { socket in
            self.loop.execute { self.attach(socket) }
        }.whenFailure { error in
            self.loop.execute {
                self.lock.withLock { self.tallies.connectFailures += 1 }
                self.scheduleReconnect()
            }
        }
    }

    private func attach(_ socket: WebSocket) {
        guard !stopped else {
            _ = socket.close(code: .goingAway)
            return
        }
        self.socket = socket
        connectedAt = clock.monotonicNanoseconds()
        lastFrameAt = connectedAt
        backoff.reset()
        lock.withLock {
            tallies.connections += 1
            state = .live
        }
        socket.pingInterval = .milliseconds(options.pingIntervalMilliseconds)
        socket.onText { _, text in self.loop.execute { self.received(text) } }
        socket.onClose.whenComplete { _ in self.loop.execute { self.closed(socket) } }
        // Binance's procedure: open the stream first (diffs are buffered), then take the snapshot.
        for symbol in options.symbols { fetchSnapshot(symbol) }
    }

    private func received(_ text: String) {
        let receivedAt = clock.now()
        lastFrameAt = clock.monotonicNanoseconds()
        let event = try? decoder.decode(text, receivedAt: receivedAt, snapshotSymbol: "")
        lock.withLock {
            tallies.frames += 1
            raw.append(RawFrame(receiveNanoseconds: receivedAt.nanosecondsSinceEpoch, text: text))
            guard let event else {
                tallies.malformedFrames += 1
                return
            }
            enqueue(event)
        }
    }

    /// Under `lock`.
    private func enqueue(_ event: VenueEvent) {
        queue.append(event)
        statuses[event.topic, default: VenueStreamStatus(stream: event.topic, state: .live)].messages += 1
        statuses[event.topic]?.lastEventTime = event.envelope.eventTime
    }

    private func closed(_ closing: WebSocket) {
        guard socket === closing else { return }
        socket = nil
        guard !stopped else { return }
        lock.withLock {
            tallies.reconnects += 1
            state = .connecting
        }
        scheduleReconnect()
    }

    private func scheduleReconnect() {
        guard !stopped else { return }
        let delay = backoff.nextDelayNanoseconds(using: &random)
        loop.scheduleTask(in: .nanoseconds(Int64(delay))) { self.connect() }
    }

    private func checkConnection() {
        guard let socket, !stopped else { return }
        let now = clock.monotonicNanoseconds()
        if now &- lastFrameAt > UInt64(options.staleAfterMilliseconds) * 1_000_000 {
            lock.withLock { tallies.watchdogTrips += 1 }
            _ = socket.close(code: .goingAway)
        } else if now &- connectedAt > UInt64(options.maxConnectionAgeMilliseconds) * 1_000_000 {
            // Replaced before the venue's 24 h cut; diffs missed meanwhile show as a gap and resync.
            lock.withLock { tallies.plannedReconnects += 1 }
            backoff.reset()
            _ = socket.close(code: .goingAway)
        }
    }

    private func fetchSnapshot(_ symbol: String) {
        guard !stopped, !snapshotsInFlight.contains(symbol) else { return }
        snapshotsInFlight.insert(symbol)
        lock.withLock { tallies.snapshotRequests += 1 }
        rest.get(options.depthURL(symbol)) { result in
            self.loop.execute { self.snapshotArrived(symbol, result) }
        }
    }

    private func fetchExchangeInfo() {
        guard !stopped else { return }
        rest.get(options.exchangeInfoURL) { result in
            self.loop.execute {
                var parsed: [String: InstrumentFilters]?
                if case .success(let body) = result { parsed = try? BinanceExchangeInfo.parse(body) }
                guard let all = parsed else {
                    self.lock.withLock { self.tallies.exchangeInfoFailures += 1 }
                    self.loop.scheduleTask(in: .milliseconds(self.options.snapshotRetryMilliseconds * 10)) {
                        self.fetchExchangeInfo()
                    }
                    return
                }
                let wanted = all.filter { self.options.symbols.contains($0.key) }
                self.lock.withLock { self.filters = wanted }
            }
        }
    }

    private func snapshotArrived(_ symbol: String, _ result: Result<String, BinanceRESTError>) {
        snapshotsInFlight.remove(symbol)
        guard !stopped else { return }
        let receivedAt = clock.now()
        switch result {
        case .success(let body):
            // One line, as a capture holds it: JSON allows the spaces.
            let text = String(body.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
            if let event = try? decoder.decode(text, receivedAt: receivedAt, snapshotSymbol: symbol),
                case .bookSnapshot = event.envelope.payload
            {
                lock.withLock {
                    raw.append(RawFrame(receiveNanoseconds: receivedAt.nanosecondsSinceEpoch, text: text))
                    enqueue(event)
                }
                return
            }
            lock.withLock { tallies.snapshotFailures += 1 }
        case .failure:
            lock.withLock { tallies.snapshotFailures += 1 }
        }
        loop.scheduleTask(in: .milliseconds(options.snapshotRetryMilliseconds)) { self.fetchSnapshot(symbol) }
    }
}
