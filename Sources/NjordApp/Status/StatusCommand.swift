public import ArgumentParser
import NjordCore
import NjordRedis
import NjordServiceKit

/// `njord status [--json] [--wait S]`: every service's heartbeat. Reads the `njord:svc:<service>`
/// keys at once (services beating before the command started) and listens on `svc.heartbeat.*` until
/// the deadline, then prints one line per service (up or down, last seen, key counters). Exits 0.
public struct StatusCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show every service's heartbeat.")

    @OptionGroup var redis: RedisOptions

    @Flag(help: "Print one JSON object instead of lines.")
    var json = false

    @Option(help: "Seconds to listen for heartbeats.")
    var wait = 1.5

    public init() {}

    public func validate() throws {
        guard wait >= 0, wait <= 60, wait.isFinite else { throw ValidationError("--wait must be 0...60 seconds") }
    }

    public func run() throws {
        let bus = try redis.bus()
        defer { bus.close() }
        let subscription = try bus.subscribe([.pattern(Topics.heartbeat("*"))])
        defer { subscription.close() }
        var board = ServiceStatusBoard()
        for key in Self.heartbeatKeys(bus) {
            if let bytes = try? bus.value(forKey: key), let envelope = try? EventEnvelope(json: bytes) {
                board.add(envelope)
            }
        }
        let clock = SystemClock()
        let deadline = clock.monotonicNanoseconds() + UInt64(wait * 1e9)
        while true {
            let now = clock.monotonicNanoseconds()
            guard now < deadline else { break }
            let left = Int((deadline - now) / 1_000_000)
            guard let message = subscription.next(timeoutMilliseconds: max(1, left)) else { continue }
            if let envelope = try? EventEnvelope(json: message.payload) { board.add(envelope) }
        }
        let rows = board.rows(now: clock.now())
        print(json ? ServiceStatusBoard.json(rows) : ServiceStatusBoard.text(rows))
    }

    /// The `njord:svc:*` keys, by `SCAN` (never `KEYS`, which blocks the server).
    static func heartbeatKeys(_ bus: RedisBus) -> [String] {
        var keys: [String] = []
        var cursor = "0"
        repeat {
            guard
                let reply = try? bus.command(["SCAN", cursor, "MATCH", ServiceHeartbeatKey.key("*"), "COUNT", "1000"]),
                let parts = reply.array, parts.count == 2, let next = parts[0].string
            else { return keys }
            keys += (parts[1].array ?? []).compactMap(\.string)
            cursor = next
        } while cursor != "0"
        return keys
    }
}
