import ArgumentParser
import Dispatch
import Foundation
import NjordCore
import NjordRedis
import NjordServiceKit

#if canImport(Glibc)
    import Glibc
#endif

/// `njord md watch`: subscribes to `md.*` and the ingest heartbeat and prints one status line per
/// second: per symbol best bid/ask, last trade, trades/s; then messages/s, sequence gaps seen
/// (``EventTopicConsumer``) and whether `md-ingest` is beating. Runs for `--seconds`, or until
/// SIGINT/SIGTERM.
struct MarketDataWatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Print a per-second summary of the market data on the bus.")

    @OptionGroup var redis: RedisOptions

    @Option(help: "Stop after this many seconds (default: until Ctrl-C).")
    var seconds: Int?

    func validate() throws {
        if let seconds, seconds < 1 { throw ValidationError("--seconds must be at least 1") }
    }

    func run() throws {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)

        let bus = try redis.bus()
        defer { bus.close() }
        let consumer = EventTopicConsumer(bus: bus, consumer: "md-watch")
        let subscription = try bus.subscribe([.pattern("md.*"), .topic(Topics.heartbeat("md-ingest"))])
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { subscription.close() }
            source.resume()
            sources.append(source)
        }
        defer { for source in sources { source.cancel() } }

        var view = WatchView()
        let clock = SystemClock()
        let start = clock.monotonicNanoseconds()
        var nextLine = start + 1_000_000_000
        var second = 0
        while !subscription.closed {
            if let message = subscription.next(timeoutMilliseconds: 50), let event = consumer.decode(message) {
                view.add(event)
            }
            if clock.monotonicNanoseconds() >= nextLine {
                second += 1
                let line = view.line(second: second, gaps: consumer.counters.gaps) + "\n"
                FileHandle.standardOutput.write(Data(line.utf8))
                view.resetSecond()
                nextLine += 1_000_000_000
                if let seconds, second >= seconds { break }
            }
        }
        subscription.close()
    }
}

/// What `md watch` knows: per symbol the latest top of book and trade, and this second's counts.
struct WatchView {
    struct SymbolView {
        var bid: Fixed?
        var ask: Fixed?
        var last: Fixed?
        var trades = 0
    }

    var symbols: [String: SymbolView] = [:]
    var messages = 0
    var heartbeats = 0

    mutating func add(_ event: EventEnvelope) {
        messages += 1
        switch event.payload {
        case .topOfBook(let top):
            symbols[top.symbol, default: SymbolView()].bid = top.bid
            symbols[top.symbol, default: SymbolView()].ask = top.ask
        case .trade(let trade):
            symbols[trade.symbol, default: SymbolView()].last = trade.price
            symbols[trade.symbol, default: SymbolView()].trades += 1
        case .heartbeat:
            heartbeats += 1
        default:
            break
        }
    }

    mutating func resetSecond() {
        messages = 0
        heartbeats = 0
        for key in symbols.keys { symbols[key]?.trades = 0 }
    }

    func line(second: Int, gaps: Int) -> String {
        let parts = symbols.keys.sorted().map { symbol -> String in
            let s = symbols[symbol] ?? SymbolView()
            let text = { (value: Fixed?) in value?.description ?? "-" }
            return "\(symbol) \(text(s.bid))/\(text(s.ask)) last \(text(s.last)) \(s.trades) tr/s"
        }
        let body = parts.isEmpty ? "no market data yet" : parts.joined(separator: " | ")
        return "[\(second)s] \(body) | \(messages) msg/s gaps \(gaps) hb \(heartbeats > 0 ? "ok" : "-")"
    }
}
