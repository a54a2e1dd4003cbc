import NjordConsole
import NjordCore

/// The console's own cost under a 20 000 events/s market feed, in process: each 50 ms frame folds
/// in 1 000 encoded events (trades, top of book, book deltas and snapshots of two symbols: decode
/// and reduce) and draws the Book screen at 120×40 on the in-memory screen. Redis and the
/// terminal's output are not in the figures.
public enum ConsoleBenchmarks {
    public static func run() -> [String: Double] { run(seconds: 10) }

    /// `console_frame_ms_p99`: the 99th percentile of one frame's drawing; `console_cpu_pct_at_20k`:
    /// decode, reduce and draw time as a share of the simulated seconds, on one core.
    public static func run(seconds: Int) -> [String: Double] {
        let frames = seconds * 20
        let eventsPerFrame = 1_000
        let feed = makeFeed(count: 8_000)
        let screen = MemoryScreen(rows: 40, columns: 120)
        let clock = SystemClock()
        var model = ConsoleModel(identity: "console:bench@local", now: Timestamp(nanosecondsSinceEpoch: 0))
        model.screen = .book
        var frameNanoseconds: [UInt64] = []
        frameNanoseconds.reserveCapacity(frames)
        var busy: UInt64 = 0
        var next = 0
        for frame in 0..<frames {
            let now = Timestamp(nanosecondsSinceEpoch: Int64(frame) * 50_000_000)
            let start = clock.monotonicNanoseconds()
            for _ in 0..<eventsPerFrame {
                ConsoleReducer.reduce(.message(feed[next]), into: &model, at: now)
                next = (next + 1) % feed.count
            }
            ConsoleReducer.tick(&model, at: now)
            let drawStart = clock.monotonicNanoseconds()
            ConsoleRenderer.render(model, on: screen)
            let end = clock.monotonicNanoseconds()
            frameNanoseconds.append(end - drawStart)
            busy += end - start
        }
        frameNanoseconds.sort()
        let p99 = frameNanoseconds[min(frameNanoseconds.count - 1, frameNanoseconds.count * 99 / 100)]
        return [
            "console_frame_ms_p99": Double(p99) / 1e6,
            "console_cpu_pct_at_20k": Double(busy) / Double(seconds) / 1e9 * 100,
        ]
    }

    /// Encoded events as they arrive on the bus: per symbol, trades and tops of book mostly, a delta
    /// every 4th event, a 20-level snapshot every 400th.
    static func makeFeed(count: Int) -> [BusMessage] {
        let symbols = ["BTCUSDT", "ETHUSDT"]
        var sequences: [String: UInt64] = [:]
        return (0..<count).map { i in
            let symbol = symbols[i % 2]
            let price = Fixed(mantissa: Int64(6_000_000 + (i * 37) % 500), exponent: 2)
            let payload: EventPayload
            let topic: String
            if i % 400 == 0 {
                let bids = (0..<20).map { PriceLevel(price: price - Fixed($0 + 1), qty: Fixed(1)) }
                let asks = (0..<20).map { PriceLevel(price: price + Fixed($0 + 1), qty: Fixed(1)) }
                payload = .bookSnapshot(
                    BookSnapshot(venue: "sim", symbol: symbol, lastUpdateId: Int64(i), bids: bids, asks: asks))
                topic = Topics.book(symbol)
            } else if i % 4 == 1 {
                payload = .bookDelta(
                    BookDelta(
                        venue: "sim", symbol: symbol, firstUpdateId: Int64(i), lastUpdateId: Int64(i),
                        bids: [PriceLevel(price: price - Fixed(1), qty: Fixed(2))],
                        asks: [PriceLevel(price: price + Fixed(1), qty: Fixed(3))]))
                topic = Topics.bookDeltas(symbol)
            } else if i % 2 == 0 {
                payload = .trade(
                    Trade(
                        venue: "sim", symbol: symbol, tradeId: Int64(i), price: price,
                        qty: Fixed(mantissa: 5, exponent: 3), side: i % 3 == 0 ? .sell : .buy))
                topic = Topics.trades(symbol)
            } else {
                payload = .topOfBook(
                    TopOfBook(
                        venue: "sim", symbol: symbol, updateId: Int64(i), bid: price - Fixed(1), bidQty: Fixed(1),
                        ask: price + Fixed(1), askQty: Fixed(1)))
                topic = Topics.topOfBook(symbol)
            }
            sequences[topic, default: 0] += 1
            let envelope = EventEnvelope(
                id: "bench-\(i)", source: "bench", sequence: sequences[topic]!,
                eventTime: Timestamp(nanosecondsSinceEpoch: 0), receiveTime: Timestamp(nanosecondsSinceEpoch: 0),
                payload: payload)
            return BusMessage(topic: topic, payload: envelope.encoded())
        }
    }
}
