import ArgumentParser
import NjordCore

#if canImport(Glibc)
    import Glibc
#endif

/// Hidden `njord bus relay`: republishes every message of one topic on another, as fast as it can.
/// The links of the bus benchmark's three-process chain (market data → strategy → risk → execution).
struct BusRelayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay", abstract: "Republish a topic on another topic (benchmark chain link).",
        shouldDisplay: false)

    @OptionGroup var redis: RedisOptions

    @Option(help: "Topic to read.")
    var from: String

    @Option(help: "Topic to publish on.")
    var to: String

    func run() throws {
        let bus = try redis.bus()
        let subscription = try bus.subscribe([.topic(from)])
        // Readiness for the parent: the subscription is confirmed by the server.
        var ready = Array("ready\n".utf8)
        _ = ready.withUnsafeMutableBytes { write(1, $0.baseAddress, $0.count) }
        // Runs until the parent kills it; an empty message on the input topic also stops it.
        while true {
            guard let message = subscription.next(timeoutMilliseconds: 1_000) else { continue }
            if message.payload.isEmpty { break }
            try bus.publish(message.payload, on: to)
        }
        bus.close()
    }
}
