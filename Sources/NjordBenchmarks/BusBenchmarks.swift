import Foundation
import NjordCore
import NjordRedis

#if canImport(Glibc)
    import Glibc
#endif

/// The bus benchmark (`make bench-bus`): pub/sub throughput beside redis-benchmark on the same
/// server, stream append+consume+ack throughput, and the latency of an event crossing three
/// processes in a chain, at 1k and 10k events/s.
enum BusBenchmarks {
    static let payloadSize = 200

    static func run() throws -> [String: Double] {
        var figures: [String: Double] = [:]
        // One server for the throughput runs, with the pub/sub output buffer unlimited as the
        // issue prescribes for the redis-benchmark comparison.
        let server = try LocalRedisServer(extraArguments: ["--client-output-buffer-limit", "pubsub 0 0 0"])
        defer { server.stop() }
        log("  pub/sub through RedisBus…")
        figures["bus_pubsub_msgs_per_s"] = try pubSubThroughput(server, messages: 1_000_000)
        log("  redis-benchmark PUBLISH…")
        figures["redis_benchmark_publish_per_s"] = try redisBenchmarkPublish(server, messages: 1_000_000)
        figures["bus_pubsub_vs_redis_benchmark"] =
            figures["bus_pubsub_msgs_per_s"]! / figures["redis_benchmark_publish_per_s"]!
        log("  streams…")
        figures["bus_stream_msgs_per_s"] = try streamThroughput(server, messages: 300_000)
        for (rate, label) in [(1_000, "1k"), (10_000, "10k")] {
            log("  three-hop chain at \(label) events/s…")
            let latencies = try threeHopLatencies(server, ratePerSecond: rate, seconds: 3)
            figures["bus_3hop_p50_us_at_\(label)"] = percentile(latencies, 0.50)
            figures["bus_3hop_p99_us_at_\(label)"] = percentile(latencies, 0.99)
            if label == "10k" { figures["bus_3hop_p999_us_at_10k"] = percentile(latencies, 0.999) }
        }
        return figures
    }

    /// Publishes through a RedisBus in bursts of 64 (as `redis-benchmark -P 64` pipelines) from one
    /// thread while another receives through a subscription, end to end.
    static func pubSubThroughput(_ server: LocalRedisServer, messages: Int) throws -> Double {
        let bus = try RedisBus(options: RedisBusOptions(endpoint: server.endpoint, subscriptionCapacity: messages))
        defer { bus.close() }
        let subscription = try bus.subscribe([.topic("bench.pubsub")])
        let payload = [UInt8](repeating: UInt8(ascii: "x"), count: payloadSize)
        let burst = Array(repeating: BusMessage(topic: "bench.pubsub", payload: payload), count: 64)
        let start = SystemClock().monotonicNanoseconds()
        let publisher = BenchThread {
            var sent = 0
            while sent < messages {
                try? bus.publish(batch: sent + 64 <= messages ? burst : Array(burst.prefix(messages - sent)))
                sent += 64
            }
        }
        publisher.start()
        var received = 0
        while received < messages {
            guard subscription.next(timeoutMilliseconds: 5_000) != nil else { break }
            received += 1 + subscription.drain().count
        }
        publisher.join()
        let seconds = Double(SystemClock().monotonicNanoseconds() - start) / 1e9
        guard received > 0 else { throw BenchError.incomplete("no pub/sub message arrived") }
        if received < messages { log("  note: pub/sub received \(received) of \(messages) (at-most-once)") }
        return Double(received) / seconds
    }

    /// `redis-benchmark -c 1 -P 64` publishing a 200-byte payload, with one `redis-cli` subscriber.
    static func redisBenchmarkPublish(_ server: LocalRedisServer, messages: Int) throws -> Double {
        let subscriber = Process()
        subscriber.executableURL = URL(fileURLWithPath: try LocalRedisServer.which("redis-cli"))
        subscriber.arguments = ["-h", "127.0.0.1", "-p", String(server.port), "subscribe", "bench.rb"]
        subscriber.standardOutput = FileHandle.nullDevice
        try subscriber.run()
        defer { LocalRedisServer.kill(subscriber) }
        // Wait until the subscriber is attached, so every published message has a receiver.
        let admin = try RedisConnection(endpoint: server.endpoint)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let reply = try admin.command(["PUBSUB", "NUMSUB", "bench.rb"])
            if reply.array?.last?.integer == 1 { break }
            usleep(5_000)
        }
        let benchmark = Process()
        benchmark.executableURL = URL(fileURLWithPath: try LocalRedisServer.which("redis-benchmark"))
        benchmark.arguments = [
            "-h", "127.0.0.1", "-p", String(server.port), "-c", "1", "-P", "64", "-n", String(messages), "-q",
            "PUBLISH", "bench.rb", String(repeating: "x", count: payloadSize),
        ]
        let pipe = Pipe()
        benchmark.standardOutput = pipe
        try benchmark.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        benchmark.waitUntilExit()
        // "PUBLISH bench.rb xxx…: 851063.81 requests per second, p50=0.055 msec"
        guard let range = output.range(of: " requests per second") else { throw BenchError.unreadableOutput(output) }
        let before = output[..<range.lowerBound]
        guard let number = before.split(whereSeparator: { $0 == " " || $0 == "\r" || $0 == "\n" }).last,
            let rate = Double(number)
        else { throw BenchError.unreadableOutput(output) }
        return rate
    }

    /// A producer appending in pipelined batches while a consumer reads, and acknowledges, in batches.
    static func streamThroughput(_ server: LocalRedisServer, messages: Int) throws -> Double {
        let bus = try RedisBus(options: RedisBusOptions(endpoint: server.endpoint, streamMaxLength: messages * 2))
        defer { bus.close() }
        let stream = "bench:stream"
        try bus.createGroup("bench", on: stream)
        let payload = [UInt8](repeating: UInt8(ascii: "y"), count: payloadSize)
        let batch = 500
        let admin = try RedisConnection(endpoint: server.endpoint)
        let cpuBefore = try serverCPUSeconds(admin)
        let start = SystemClock().monotonicNanoseconds()
        let producer = BenchThread {
            var sent = 0
            while sent < messages {
                let n = min(batch, messages - sent)
                _ = try? bus.append(contentsOf: Array(repeating: payload, count: n), to: stream)
                sent += n
            }
        }
        producer.start()
        var consumed = 0
        var idleRounds = 0
        var handled: [StreamEntryID] = []
        while consumed < messages, idleRounds < 50 {
            // Acknowledge what was handled and fetch the next batch in one round trip.
            let entries = try bus.readGroup(
                stream: stream, group: "bench", consumer: "c", count: 1_000, blockMilliseconds: 100,
                acknowledging: handled)
            handled = entries.map(\.id)
            if entries.isEmpty { idleRounds += 1; continue }
            idleRounds = 0
            consumed += entries.count
        }
        try bus.acknowledge(handled, stream: stream, group: "bench")
        producer.join()
        let seconds = Double(SystemClock().monotonicNanoseconds() - start) / 1e9
        let serverShare = (try serverCPUSeconds(admin) - cpuBefore) / seconds
        log("  streams: redis-server busy \(Int(serverShare * 100))% of the run (single-threaded: its ceiling)")
        guard consumed == messages else { throw BenchError.incomplete("stream consumed \(consumed) of \(messages)") }
        return Double(messages) / seconds
    }

    /// The server's own CPU time (user + system), from `INFO cpu`.
    static func serverCPUSeconds(_ connection: RedisConnection) throws -> Double {
        let info = try connection.command(["INFO", "cpu"]).string ?? ""
        var total = 0.0
        for line in info.split(whereSeparator: \.isNewline) {
            for key in ["used_cpu_user:", "used_cpu_sys:"] where line.hasPrefix(key) {
                total += Double(line.dropFirst(key.count)) ?? 0
            }
        }
        return total
    }

    /// Starts `njord bus relay` with `link` (its --from/--to options) and returns once it is ready.
    static func startRelay(_ server: LocalRedisServer, link: [String]) throws -> Process {
        let relay = Process()
        relay.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("njord")
        relay.arguments = ["bus", "relay", "--redis", server.url] + link
        let pipe = Pipe()
        relay.standardOutput = pipe
        try relay.run()
        let line = pipe.fileHandleForReading.availableData  // blocks until "ready" or exit
        guard String(decoding: line, as: UTF8.self).hasPrefix("ready") else {
            LocalRedisServer.kill(relay)
            throw BenchError.incomplete("relay \(link.joined(separator: " ")) did not start")
        }
        return relay
    }

    /// Source → relay → relay → relay → sink: the event crosses three processes. Latency is measured
    /// on CLOCK_MONOTONIC, which every process on the machine shares.
    static func threeHopLatencies(_ server: LocalRedisServer, ratePerSecond: Int, seconds: Int) throws -> [Double] {
        var relays: [Process] = []
        defer { for r in relays { LocalRedisServer.kill(r) } }
        for hop in 0..<3 {
            relays.append(try startRelay(server, link: ["--from", "bench.hop\(hop)", "--to", "bench.hop\(hop + 1)"]))
        }
        let bus = try RedisBus(options: RedisBusOptions(endpoint: server.endpoint))
        defer { bus.close() }
        let sink = try bus.subscribe([.topic("bench.hop3")])
        let total = ratePerSecond * seconds
        let interval = UInt64(1_000_000_000 / ratePerSecond)
        let clock = SystemClock()
        let source = BenchThread {
            var payload = [UInt8](repeating: UInt8(ascii: "z"), count: payloadSize)
            let start = clock.monotonicNanoseconds() + 10_000_000
            for i in 0..<total {
                let due = start + UInt64(i) * interval
                // Sleep to the due time (no spinning: a spinning source would take a core from the
                // chain it measures); the timestamp is taken when the event really leaves.
                var deadline = timespec(tv_sec: Int(due / 1_000_000_000), tv_nsec: Int(due % 1_000_000_000))
                while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nil) == EINTR {}
                withUnsafeBytes(of: clock.monotonicNanoseconds().littleEndian) {
                    payload.replaceSubrange(0..<8, with: $0)
                }
                try? bus.publish(payload, on: "bench.hop0")
            }
        }
        source.start()
        var latencies: [Double] = []
        latencies.reserveCapacity(total)
        while latencies.count < total {
            guard let message = sink.next(timeoutMilliseconds: 3_000) else { break }
            let now = clock.monotonicNanoseconds()
            let sent = message.payload.prefix(8).withUnsafeBytes {
                UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))
            }
            latencies.append(Double(now - sent) / 1_000)
        }
        source.join()
        guard latencies.count > total * 9 / 10 else {
            throw BenchError.incomplete("3-hop chain delivered \(latencies.count) of \(total)")
        }
        return latencies
    }

    /// Progress on stderr, unbuffered, so a slow stage shows where it is.
    static func log(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }
}

/// A plain thread for the benchmark's producers, started when asked.
final class BenchThread: @unchecked Sendable {  // start and join come from the owning thread
    private let body: () -> Void
    private var thread: JoinableThread?
    init(_ body: @escaping () -> Void) { self.body = body }
    func start() {
        thread = JoinableThread.mustStart("the benchmark", body)
    }
    func join() { thread?.join() }
}
