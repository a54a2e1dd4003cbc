import ArgumentParser
import Dispatch
import Foundation
import NjordCore
import NjordRedis
import NjordServiceKit

#if canImport(Glibc)
    import Glibc
#endif

/// `njord bus tail PATTERN`: prints every message published on topics matching a glob pattern, one
/// line each: `<topic> <type> <id> seq=<n> <summary>`, or `<topic> UNDECODABLE <reason>` for a
/// message that is not an event (the tail goes on). Runs until SIGINT/SIGTERM (exit 0), or until
/// `--count` events have been decoded.
struct BusTailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail", abstract: "Print the messages of topics matching a glob pattern (md.trade.*).")

    @OptionGroup var redis: RedisOptions

    @Argument(help: "Glob pattern of topics, Redis syntax: md.trade.*, orders.?, md.[bt]*.BTCUSDT.")
    var pattern: String

    @Flag(help: "Print each payload as received instead of decoding it.")
    var raw = false

    @Option(
        help:
            "Exit after this many messages: decoded events (with --raw: any message). Undecodable ones are printed but not counted."
    )
    var count: Int?

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        if pattern.isEmpty { throw ValidationError("PATTERN must not be empty") }
    }

    func run() throws {
        // The handlers go in before subscribing: a signal that arrives once the server shows the
        // subscription must find them installed, not the default action.
        let stopping = StopSignals()
        let bus = try redis.bus()
        let subscription = try bus.subscribe([.pattern(pattern)])
        stopping.onStop { subscription.close() }
        StandardError.write("tailing '\(pattern)' (Ctrl-C to stop)")
        var printed = 0
        while true {
            guard let message = subscription.next(timeoutMilliseconds: 1_000) else {
                if subscription.closed { break } else { continue }
            }
            let (line, counts) = Self.line(for: message, raw: raw)
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
            if counts { printed += 1 }
            if let count, printed >= count { break }
        }
        subscription.close()
        bus.close()
    }

    /// The line printed for a message, and whether it counts towards `--count`.
    static func line(for message: BusMessage, raw: Bool) -> (String, counts: Bool) {
        if raw { return ("\(message.topic) \(String(decoding: message.payload, as: UTF8.self))", true) }
        do {
            let event = try EventEnvelope(json: message.payload)
            let summary = EventSummary.line(event.payload)
            return (
                "\(message.topic) \(event.type.rawValue) \(event.id) seq=\(event.sequence)"
                    + (summary.isEmpty ? "" : " \(summary)"), true
            )
        } catch {
            return ("\(message.topic) UNDECODABLE \(error)", false)
        }
    }
}
