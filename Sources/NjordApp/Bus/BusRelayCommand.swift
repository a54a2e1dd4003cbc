import ArgumentParser
import NjordCore
import NjordServiceKit

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
        let to = self.to
        let done = ConditionLock()
        // The handler runs on the bus's subscriber thread: no queue, no hand-off to another thread.
        let subscription = try bus.subscribe([.topic(from)]) { message in
            if message.payload.isEmpty {
                done.withLock { done.broadcast() }
                return
            }
            try? bus.publish(message.payload, on: to)
        }
        // Readiness for the parent: the subscription is confirmed by the server.
        var ready = Array("ready\n".utf8)
        _ = ready.withUnsafeMutableBytes { write(1, $0.baseAddress, $0.count) }
        // Runs until killed, or until an empty message arrives on the input topic.
        done.withLock { _ = done.wait(until: UInt64.max / 2) }
        subscription.close()
        bus.close()
    }
}
