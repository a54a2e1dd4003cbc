import ArgumentParser
import NjordConfig
import NjordCore
import NjordServiceKit

#if canImport(Glibc)
    import Glibc
#endif

/// Hidden `njord bus relay`: forwards every message of one topic or stream to another topic and/or
/// stream, as fast as it can, doing nothing else. The links of the bus benchmark's three-process
/// chain (market data → strategy → risk → execution), and of the pipeline benchmark's transport
/// floor: the trading daemons' hops — a bar by pub/sub, intents, decisions and fills by stream —
/// with no daemon work between them.
struct BusRelayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay", abstract: "Forward a topic or stream to another (benchmark chain link).",
        shouldDisplay: false)

    @OptionGroup var redis: RedisOptions

    @Option(help: "Topic to read.")
    var from: String?

    @Option(help: "Stream to read, as the consumer group `relay` (instead of --from).")
    var fromStream: String?

    @Option(help: "Topic to publish on (after the append, when --to-stream is given too).")
    var to: String?

    @Option(help: "Stream to append to.")
    var toStream: String?

    @Option(help: "Hold a PM QoS request that idle CPUs wake within this many µs, as `latency.cpu_wakeup_us` does.")
    var cpuWakeupUs: Int?

    func validate() throws {
        guard (from == nil) != (fromStream == nil) else {
            throw ValidationError("give exactly one of --from and --from-stream")
        }
        guard to != nil || toStream != nil else { throw ValidationError("give --to, --to-stream or both") }
    }

    func run() throws {
        let wakeup = CPUWakeupLatencyRequest.hold(
            LatencyConfig(cpuWakeupMicroseconds: cpuWakeupUs), service: "bus relay")
        defer { withExtendedLifetime(wakeup) {} }
        let bus = try redis.bus()
        defer { bus.close() }
        let forward = Forwarder(bus: bus, topic: to, stream: toStream)
        if let fromStream {
            try bus.createGroup(Self.group, on: fromStream)
            Self.signalReady()
            try relayStream(fromStream, bus: bus, forward: forward)
            return
        }
        let done = ConditionLock()
        // The handler runs on the bus's subscriber thread: no queue, no hand-off to another thread.
        let subscription = try bus.subscribe([.topic(from!)]) { message in
            if message.payload.isEmpty {
                done.withLock { done.broadcast() }
                return
            }
            forward.send([message.payload])
        }
        Self.signalReady()
        // Runs until killed, or until an empty message arrives on the input topic.
        done.withLock { _ = done.wait(until: UInt64.max / 2) }
        subscription.close()
    }

    static let group = "relay"

    /// Reads the stream's new entries (acknowledging the previous batch in the same round trip) and
    /// forwards them, until killed or until an empty entry arrives (its batch is acknowledged then).
    private func relayStream(_ stream: String, bus: any MessageBus, forward: Forwarder) throws {
        var handled: [StreamEntryID] = []
        while true {
            let entries = try bus.readGroup(
                stream: stream, group: Self.group, consumer: Self.group, count: 64, blockMilliseconds: 20,
                acknowledging: handled)
            handled = entries.map(\.id)
            let payloads = entries.map(\.payload)
            let last = payloads.firstIndex(where: \.isEmpty)
            forward.send(Array(payloads[..<(last ?? payloads.count)]))
            if last != nil {
                try bus.acknowledge(handled, stream: stream, group: Self.group)
                return
            }
        }
    }

    /// Readiness for the parent: the subscription is confirmed by the server, or the group exists.
    private static func signalReady() {
        var ready = Array("ready\n".utf8)
        _ = ready.withUnsafeMutableBytes { write(1, $0.baseAddress, $0.count) }
    }
}

/// Sends payloads on as the daemons send order flow: appended to the stream, then published on the
/// topic in the same write. Losses are not retried: a benchmark link measures, it does not deliver.
private struct Forwarder: Sendable {
    let bus: any MessageBus
    let topic: String?
    let stream: String?

    func send(_ payloads: [[UInt8]]) {
        guard !payloads.isEmpty else { return }
        switch (stream, topic) {
        case (let stream?, let topic?):
            _ = try? bus.append(contentsOf: payloads, to: stream, thenPublishing: payloads, on: topic)
        case (let stream?, nil): _ = try? bus.append(contentsOf: payloads, to: stream)
        case (nil, let topic?): for payload in payloads { try? bus.publish(payload, on: topic) }
        case (nil, nil): break
        }
    }
}
