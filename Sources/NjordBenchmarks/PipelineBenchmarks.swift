import Foundation
import NjordApp
import NjordCore
import NjordRedis

#if canImport(Glibc)
    import Glibc
#endif

/// Tick-to-fill latency through the trading daemons over Redis: the benchmark plays the market-data
/// daemon — it publishes trades, tops of book and book snapshots at a fixed rate (1k or 10k events/s)
/// and, every 50 ms, a 1-second bar whose close makes a one-bar/two-bar SMA cross — and times each
/// bar from its publication to the fill that `njord-strategy-host` → `njord-risk-engine` →
/// `njord-paper-trader` make of it, seen on `flow.fills`.
///
/// The daemons run as deployed for latency: `latency.cpu_wakeup_us: 0` (idle CPUs poll; see
/// `config/base.yaml`). The benchmark watches nothing but `flow.fills` while it times — an observer
/// of every hop would itself take CPU from the pipeline on a small machine. Where the time goes is
/// read afterwards from the event times the daemons stamp (one machine, one wall clock) on the
/// entries of `orders:intents`, `orders:decisions` and `orders:fills`: bar sent → intent made
/// (`pipeline_stage_strategy_*`) → decision made (`_risk_`) → fill made (`_paper_`) → fill seen
/// here (`_delivery_`).
///
/// The simulated ingest daemon cannot be told when to cross, so the benchmark stands in for it; the
/// ingest daemon's own cost is measured by the `md` suite.
///
/// Beside each rate it times the transport floor (``transportFloor(_:eventsPerSecond:)``): the same
/// hops through relays that do nothing but forward, so the report tells the daemons' own cost from
/// what Redis, the kernel and the machine take.
enum PipelineBenchmarks {
    static let barsPerRun = 300
    static let barIntervalNanoseconds: UInt64 = 50_000_000
    static let stageNames = ["strategy", "risk", "paper", "delivery"]

    static func run(directory: String) throws -> [String: Double] {
        var figures: [String: Double] = [:]
        for (label, rate) in [("1k", 1_000), ("10k", 10_000)] {
            // Earlier suites leave their files dirty in the page cache (run folders, the store; the
            // sweep suite ends with ≈ 50 MB); their writeback, due 30 s after the write, would
            // compete with the journals' writes and the daemons' CPU inside the timed window.
            sync()
            // A run starts from empty journals: the daemons would otherwise restore an earlier run's
            // positions (and the risk engine deny on its caps).
            let runDirectory = "\(directory)/pipeline-\(label)"
            BenchSupport.removeTree(runDirectory)
            let run = try LocalRedisServer.with { try tickToFill($0, directory: runDirectory, eventsPerSecond: rate) }
            figures["pipeline_tick_to_fill_p50_us_at_\(label)"] = BusBenchmarks.percentile(run.latencies, 0.50)
            figures["pipeline_tick_to_fill_p99_us_at_\(label)"] = BusBenchmarks.percentile(run.latencies, 0.99)
            let floor = try LocalRedisServer.with { try transportFloor($0, eventsPerSecond: rate) }
            figures["pipeline_transport_floor_p50_us_at_\(label)"] = BusBenchmarks.percentile(floor, 0.50)
            figures["pipeline_transport_floor_p99_us_at_\(label)"] = BusBenchmarks.percentile(floor, 0.99)
            for (name, values) in zip(stageNames, run.stages) where !values.isEmpty {
                figures["pipeline_stage_\(name)_p50_us_at_\(label)"] = BusBenchmarks.percentile(values, 0.50)
                figures["pipeline_stage_\(name)_p99_us_at_\(label)"] = BusBenchmarks.percentile(values, 0.99)
            }
            BusBenchmarks.log(
                "  pipeline at \(label) events/s: \(run.latencies.count) fills timed, \(run.stages[0].count) "
                    + "traced through every stage; the same hops through bare relays: \(floor.count) timed")
        }
        return figures
    }

    /// Tick-to-fill of every attributable fill, and the four stages (see the type) of those whose
    /// intent and decision were found, in microseconds.
    struct Run {
        var latencies: [Double] = []
        var stages: [[Double]] = [[], [], [], []]
    }

    /// A fill seen on `flow.fills`: its client order id and event time, when it was seen (wall
    /// clock), and the bar it is attributed to (its send time, wall clock).
    struct SeenFill {
        var clientOrderId: String
        var made: Int64
        var seen: Int64
        var barSent: Int64
    }

    static func tickToFill(_ server: LocalRedisServer, directory: String, eventsPerSecond: Int) throws -> Run {
        let configDir = try writeConfig(in: directory)
        let environment = [
            "NJORD_PATHS_JOURNAL_DIR": directory + "/journal", "NJORD_PATHS_RUN_DIR": directory + "/run",
            "NJORD_PATHS_LOG_DIR": directory + "/log", "NJORD_PATHS_DATA_DIR": directory + "/data",
            "NJORD_APP_ENV": "paper", "NJORD_RISK_ORDER_RATE_PER_STRATEGY_PER_S": "10000",
            "NJORD_RISK_ORDER_RATE_PER_STRATEGY_BURST": "10000", "NJORD_RISK_ORDER_RATE_GLOBAL_PER_S": "10000",
            "NJORD_RISK_ORDER_RATE_GLOBAL_BURST": "10000", "NJORD_LATENCY_CPU_WAKEUP_US": "0",
        ]
        let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var daemons: [Process] = []
        defer { for daemon in daemons { LocalRedisServer.kill(daemon) } }
        for name in ["njord-paper-trader", "njord-risk-engine", "njord-strategy-host"] {
            let process = Process()
            process.executableURL = binaries.appendingPathComponent(name)
            process.arguments = ["--redis", server.url, "--config-dir", configDir]
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            _ = FileManager.default.createFile(atPath: "\(directory)/\(name).log", contents: nil)
            let log = FileHandle(forWritingAtPath: "\(directory)/\(name).log")
            process.standardOutput = log
            process.standardError = log
            try process.run()
            daemons.append(process)
        }
        let bus = try RedisBus(options: RedisBusOptions(endpoint: server.endpoint))
        defer { bus.close() }
        let clock = SystemClock()
        let ready = clock.monotonicNanoseconds() + 30_000_000_000
        for name in ["paper-trader", "risk-engine", "strategy-host"] {
            while (try? bus.value(forKey: "njord:svc:\(name)")) == nil {
                guard clock.monotonicNanoseconds() < ready, daemons.allSatisfy(\.isRunning) else {
                    throw BenchError.incomplete("\(name) did not start; logs in \(directory)")
                }
                usleep(20_000)
            }
        }
        let timed = try timeBars(bus: bus, eventsPerSecond: eventsPerSecond, context: "logs in \(directory)")
        var run = Run(latencies: timed.map(\.micros))
        let seen = timed.compactMap { arrival -> SeenFill? in
            guard let envelope = try? EventEnvelope(json: arrival.message.payload),
                case .fill(let fill) = envelope.payload
            else { return nil }
            return SeenFill(
                clientOrderId: fill.clientOrderId, made: envelope.eventTime.nanosecondsSinceEpoch,
                seen: arrival.seenWall, barSent: arrival.barSentWall)
        }
        run.stages = try stages(of: seen, bus: bus)
        for (name, values) in zip(stageNames, run.stages) where !values.isEmpty {
            BusBenchmarks.log(
                "    stage \(name): p50 \(Int(BusBenchmarks.percentile(values, 0.5))) µs, "
                    + "p99 \(Int(BusBenchmarks.percentile(values, 0.99))) µs")
        }
        return run
    }

    /// The same hops with no daemon work between them: `njord bus relay` processes take the bar off
    /// its topic and append it to `orders:intents` (and `flow.intents`), then from there to
    /// `orders:decisions` (and `flow.decisions`), then to `orders:fills` and `flow.fills` — the
    /// strategy host's, risk engine's and paper trader's transport calls — under the same load and
    /// bar schedule. What the pipeline takes above this is the daemons' own work; this much is
    /// Redis, the kernel and the machine.
    static func transportFloor(_ server: LocalRedisServer, eventsPerSecond: Int) throws -> [Double] {
        let links = [
            [
                "--from", Topics.bars(.oneSecond, "BTCUSDT"), "--to-stream", Topics.orderIntents, "--to",
                Topics.flowIntents,
            ],
            ["--from-stream", Topics.orderIntents, "--to-stream", Topics.riskDecisions, "--to", Topics.flowDecisions],
            ["--from-stream", Topics.riskDecisions, "--to-stream", Topics.fills, "--to", Topics.flowFills],
        ]
        var relays: [Process] = []
        defer { for relay in relays { LocalRedisServer.kill(relay) } }
        // Idle CPUs poll while the relays run, as they do while the daemons run (`latency.cpu_wakeup_us: 0`).
        for link in links {
            relays.append(try BusBenchmarks.startRelay(server, link: link + ["--cpu-wakeup-us", "0"]))
        }
        let bus = try RedisBus(options: RedisBusOptions(endpoint: server.endpoint))
        defer { bus.close() }
        return try timeBars(bus: bus, eventsPerSecond: eventsPerSecond, context: "through bare relays").map(\.micros)
    }

    /// A message seen on `flow.fills` within a bar interval of the bar before it: the latency from
    /// that bar's publication (µs, monotonic clock), when it was seen and when the bar was sent (wall clock).
    struct TimedArrival {
        var message: BusMessage
        var micros: Double
        var seenWall: Int64
        var barSentWall: Int64
    }

    /// Publishes the market-data load at `eventsPerSecond` and, after half a second of it alone, the
    /// crossing bars every 50 ms; times what arrives on `flow.fills` against the bar before it. The
    /// benchmark watches nothing but `flow.fills` while it times. `context` goes into the error when
    /// too few arrive.
    static func timeBars(bus: RedisBus, eventsPerSecond: Int, context: String) throws -> [TimedArrival] {
        let clock = SystemClock()
        // Stamped on the bus's delivery thread as each message arrives: the benchmark's own hand-off
        // to this thread is not the pipeline's latency.
        let arrivals = ArrivalQueue(clock: clock)
        let fills = try bus.subscribe([.topic(Topics.flowFills)], handler: { arrivals.push($0) })
        let barTimes = LockedValue([(monotonic: UInt64, wall: Int64)]())
        let stop = LockedValue(false)
        let load = BenchThread { publishLoad(bus, eventsPerSecond: eventsPerSecond, clock: clock, stop: stop) }
        load.start()
        // The load runs alone for a moment so the first bars meet a warm pipeline with prices known.
        let bars = BenchThread {
            let start = clock.monotonicNanoseconds() + 500_000_000
            for i in 0..<barsPerRun {
                sleep(until: start + UInt64(i) * barIntervalNanoseconds)
                let bar = crossingBar(i)
                let envelope = EventEnvelope(
                    id: "bench-bar-\(i)", source: "bench", sequence: UInt64(i), eventTime: bar.openTime,
                    receiveTime: clock.now(), payload: .bar(bar))
                let bytes = envelope.encoded()
                let sent = (clock.monotonicNanoseconds(), clock.now().nanosecondsSinceEpoch)
                try? bus.publish(bytes, on: Topics.bars(.oneSecond, "BTCUSDT"))
                barTimes.withLock { $0.append(sent) }
            }
        }
        bars.start()
        var timed: [TimedArrival] = []
        let expected = barsPerRun - 2
        while timed.count < expected {
            guard let (message, now, seenWall) = arrivals.next(timeoutMilliseconds: 3_000) else { break }
            // The bar that caused a fill is the last one published before it: bars are 50 ms apart and
            // a fill that took longer than that is not attributable, so it is left out (and counted).
            guard let sent = barTimes.withLock({ $0.last(where: { $0.monotonic <= now }) }) else { continue }
            let micros = Double(now - sent.monotonic) / 1_000
            guard micros < Double(barIntervalNanoseconds) / 1_000 else { continue }
            timed.append(TimedArrival(message: message, micros: micros, seenWall: seenWall, barSentWall: sent.wall))
        }
        bars.join()
        stop.withLock { $0 = true }
        load.join()
        fills.close()
        guard timed.count >= expected / 2 else {
            throw BenchError.incomplete("pipeline timed \(timed.count) of \(expected) fills (\(context))")
        }
        return timed
    }

    /// The four stages of each seen fill, from the intents and decisions the streams hold: an intent
    /// by its client order id, its decision by the intent's envelope id.
    static func stages(of fills: [SeenFill], bus: RedisBus) throws -> [[Double]] {
        var intents: [String: (id: String, made: Int64)] = [:]
        for envelope in try StreamHistory.read(bus: bus, stream: Topics.orderIntents).events {
            if case .orderIntent(let intent) = envelope.payload {
                intents[intent.clientOrderId] = (envelope.id, envelope.eventTime.nanosecondsSinceEpoch)
            }
        }
        var decisions: [String: Int64] = [:]
        for envelope in try StreamHistory.read(bus: bus, stream: Topics.riskDecisions).events {
            if case .riskDecision(let decision) = envelope.payload {
                decisions[decision.intentId] = envelope.eventTime.nanosecondsSinceEpoch
            }
        }
        var stages: [[Double]] = [[], [], [], []]
        for fill in fills {
            guard let intent = intents[fill.clientOrderId], let decided = decisions[intent.id] else { continue }
            let spans = [intent.made - fill.barSent, decided - intent.made, fill.made - decided, fill.seen - fill.made]
            // One wall clock, but stamps taken on different threads: a span below zero means the clock
            // stepped, and the fill is left out of the breakdown.
            guard spans.allSatisfy({ $0 >= 0 }) else { continue }
            for (index, span) in spans.enumerated() { stages[index].append(Double(span) / 1_000) }
        }
        return stages
    }

    /// Bar `i` of a series whose closes alternate 60 010 / 59 990: a one-bar average crosses a
    /// two-bar one on every bar, so each bar after the second makes an order (buy when flat, sell when long).
    static func crossingBar(_ i: Int) -> Bar {
        let close = Fixed(i % 2 == 0 ? 60_010 : 59_990)
        return Bar(
            venue: "sim", symbol: "BTCUSDT", interval: .oneSecond,
            openTime: Timestamp(nanosecondsSinceEpoch: 1_800_000_000_000_000_000 + Int64(i) * 1_000_000_000),
            open: close, high: close, low: close, close: close, volume: Fixed(1), trades: 1)
    }

    /// Trades, tops of book and 5-level book snapshots of BTCUSDT around 60 000, round robin, at
    /// `eventsPerSecond` until `stop`.
    static func publishLoad(_ bus: RedisBus, eventsPerSecond: Int, clock: SystemClock, stop: LockedValue<Bool>) {
        let interval = UInt64(1_000_000_000 / eventsPerSecond)
        let bids = (0..<5).map { PriceLevel(price: Fixed(59_999) - Fixed(raw: Int128($0) * 1_000_000), qty: Fixed(10)) }
        let asks = (0..<5).map { PriceLevel(price: Fixed(60_001) + Fixed(raw: Int128($0) * 1_000_000), qty: Fixed(10)) }
        let start = clock.monotonicNanoseconds()
        var i = 0
        while !stop.withLock({ $0 }) {
            sleep(until: start + UInt64(i) * interval)
            let now = clock.now()
            let payload: EventPayload
            let topic: String
            switch i % 3 {
            case 0:
                payload = .trade(
                    Trade(
                        venue: "sim", symbol: "BTCUSDT", tradeId: Int64(i), price: Fixed(60_000),
                        qty: Fixed(raw: 100_000),
                        side: i % 2 == 0 ? .buy : .sell))
                topic = Topics.trades("BTCUSDT")
            case 1:
                payload = .topOfBook(
                    TopOfBook(
                        venue: "sim", symbol: "BTCUSDT", updateId: Int64(i), bid: bids[0].price, bidQty: bids[0].qty,
                        ask: asks[0].price, askQty: asks[0].qty))
                topic = Topics.topOfBook("BTCUSDT")
            default:
                payload = .bookSnapshot(
                    BookSnapshot(venue: "sim", symbol: "BTCUSDT", lastUpdateId: Int64(i), bids: bids, asks: asks))
                topic = Topics.book("BTCUSDT")
            }
            let envelope = EventEnvelope(
                id: "bench-md-\(i)", source: "bench", sequence: UInt64(i), eventTime: now, receiveTime: now,
                payload: payload)
            try? bus.publish(envelope.encoded(), on: topic)
            i += 1
        }
    }

    /// The shipped base configuration with one strategy that crosses on every bar.
    static func writeConfig(in directory: String) throws -> String {
        let configDir = directory + "/config"
        try FileManager.default.createDirectory(atPath: configDir, withIntermediateDirectories: true)
        let base = try String(contentsOfFile: "config/base.yaml", encoding: .utf8)
        try base.write(toFile: configDir + "/base.yaml", atomically: true, encoding: .utf8)
        try """
        strategies:
          - id: bench_sma
            kind: sma_cross
            symbol: BTCUSDT
            enabled: true
            params: {fast: 1, slow: 2, quantity: 0.001}
        """.write(toFile: configDir + "/strategies.yaml", atomically: true, encoding: .utf8)
        try """
        portfolio:
          allocations:
            bench_sma: 0.5
          rebalance_threshold: 0.05
        """.write(toFile: configDir + "/portfolio.yaml", atomically: true, encoding: .utf8)
        return configDir
    }

    static func sleep(until due: UInt64) {
        var deadline = timespec(tv_sec: Int(due / 1_000_000_000), tv_nsec: Int(due % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nil) == EINTR {}
    }
}

/// Messages with the monotonic and wall times they arrived at, from the bus's delivery thread to
/// the benchmark's.
final class ArrivalQueue: @unchecked Sendable {  // every access holds the condition's lock
    private let condition = ConditionLock()
    private let clock: SystemClock
    private var queue: [(BusMessage, UInt64, Int64)] = []
    private var head = 0

    init(clock: SystemClock) { self.clock = clock }

    func push(_ message: BusMessage) {
        let arrived = (message, clock.monotonicNanoseconds(), clock.now().nanosecondsSinceEpoch)
        condition.withLock {
            queue.append(arrived)
            condition.signal()
        }
    }

    func next(timeoutMilliseconds: Int) -> (BusMessage, UInt64, Int64)? {
        let deadline = ConditionLock.deadline(afterMilliseconds: timeoutMilliseconds)
        return condition.withLock {
            while head == queue.count {
                if !condition.wait(until: deadline), head == queue.count { return nil }
            }
            head += 1
            return queue[head - 1]
        }
    }
}

/// A value shared between the benchmark's threads, behind NjordCore's mutex.
final class LockedValue<Value>: @unchecked Sendable {  // every access holds the mutex
    private let mutex = Mutex()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) -> R) -> R {
        mutex.withLock { body(&value) }
    }
}
