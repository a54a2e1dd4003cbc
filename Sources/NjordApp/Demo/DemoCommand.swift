import ArgumentParser
import Foundation
import NjordCore
import NjordCrypto
import NjordJournal
import NjordRedis
import NjordServiceKit

/// `njord demo`: what `make run` runs until the daemons exist — the largest real slice of the stack.
/// A real Binance trade capture goes through the contracts, the bus (Redis when reachable, else in
/// process), a crash-safe journal and back, with exact arithmetic checked end to end.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run the end-to-end slice that exists today on real recorded trades.")

    @OptionGroup var redis: RedisOptions

    @Option(help: "Trades CSV (Binance trades layout). Default: the BTCUSDT capture under NJORD_SHARED_DIR.")
    var trades: String?

    @Option(help: "Journal root directory.")
    var journalRoot = JournalLayout.defaultRoot

    @Option(help: "Kill-switch run directory.")
    var runDir = "var/run/njord"

    @Flag(help: "Use the in-process bus even when Redis answers.")
    var inProcess = false

    static let capture = "trades/derived-binance-spot-BTCUSDT-trades-20240808T235415Z-20240809T000505Z.csv"

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let shared = environment["NJORD_SHARED_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "../shared"
        let path = trades ?? "\(shared)/data/\(Self.capture)"
        say("njord demo: the daemons (market data, strategies, risk, paper trader, console) are not built yet;")
        say("this runs the slice that exists: real trades → contracts → bus → journal → back, exact throughout.")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DemoError.badInput("cannot read \(path) (set NJORD_SHARED_DIR or --trades)")
        }
        let clock = SystemClock()
        let started = clock.monotonicNanoseconds()
        let fingerprint = try SHA256.hex(ofFileAt: path)
        let events = try TradeCaptureCSV.events(
            String(decoding: data, as: UTF8.self), venue: "binance", symbol: "BTCUSDT", source: "demo")
        say("input    \(path)")
        say("         \(events.count) trades, sha256 \(fingerprint.prefix(16))…")

        // The bus: the project's Redis when it answers, otherwise the in-process bus (same semantics).
        let bus: any MessageBus
        if !inProcess, let redisBus = try? redis.bus() {
            bus = redisBus
            say("bus      redis \(try redis.endpoint().addressDescription)")
        } else {
            bus = InProcessBus(clock: clock)
            say("bus      in-process (Redis not reachable; `scripts/redis start` brings the local one up)")
        }
        defer { (bus as? RedisBus)?.close() }

        // Live fold off the bus while the events are journaled and published.
        let topic = Topics.trades("BTCUSDT")
        let live = try bus.subscribe([.topic(topic)])
        defer { live.close() }
        let stream = "demo.md.trade.BTCUSDT"
        let journal = try JournalWriter(
            root: journalRoot, stream: stream,
            durability: .groupCommit(intervalNanoseconds: 5_000_000, maxBatch: 4_096),
            clock: clock)
        var burst: [BusMessage] = []
        var firstPosition: JournalPosition?
        for event in events {
            let bytes = event.encoded()
            let receipt = try journal.append(bytes)
            if firstPosition == nil { firstPosition = receipt.position }
            burst.append(BusMessage(topic: topic, payload: bytes))
            if burst.count == 64 {
                try bus.publish(batch: burst)
                burst.removeAll(keepingCapacity: true)
            }
        }
        try bus.publish(batch: burst)
        try journal.close()

        var liveTally = TradeTally()
        var undecodable = 0
        let deadline = clock.monotonicNanoseconds() + 10_000_000_000
        while liveTally.trades + undecodable < events.count, clock.monotonicNanoseconds() < deadline {
            guard let message = live.next(timeoutMilliseconds: 1_000) else { continue }
            for m in [message] + live.drain() {
                guard let envelope = try? EventEnvelope(json: m.payload), case .trade(let t) = envelope.payload else {
                    undecodable += 1
                    continue
                }
                try liveTally.add(t)
            }
        }

        // Back from the journal: every record decodes and folds to the same totals.
        var journalTally = TradeTally()
        let reader = try JournalReader(root: journalRoot, stream: stream)
        var issues = 0
        try reader.forEachRecord(from: firstPosition, onIssue: { _ in issues += 1 }) { bytes, _ in
            let envelope = try EventEnvelope(json: bytes)
            if case .trade(let t) = envelope.payload { try journalTally.add(t) }
        }
        let report = try JournalVerifier(root: journalRoot).verify(stream: stream)
        let elapsed = Double(clock.monotonicNanoseconds() - started) / 1e9

        say(
            "journal  \(journalRoot)/\(stream): \(report.records) records in \(report.files.count) file(s), "
                + "\(report.isClean ? "clean" : "\(report.issues.count) issue(s)")")
        say(
            "live     received \(liveTally.trades) of \(events.count) over the bus (pub/sub is at-most-once), \(undecodable) undecodable"
        )
        var total = TradeTally()
        for e in events { if case .trade(let t) = e.payload { try total.add(t) } }
        say(
            "exact    volume \(total.volume) BTC, notional \(total.notional) USDT, VWAP \(total.vwap.map(\.description) ?? "-")"
        )
        say(
            "         trade ids \(total.firstId)…\(total.lastId) (\(total.lastId - total.firstId + 1) ids, \(total.trades) trades)"
        )
        let killSwitch = KillSwitchFileStore(runDirectory: runDir).read()
        say(
            "killswitch \(killSwitch.state.tripped ? "TRIPPED: \(killSwitch.state.reason ?? "")" : "not tripped") (\(killSwitch.source))"
        )
        say(String(format: "time     %.3f s", elapsed))

        // This run's records, read back from where it started appending, fold to the input's totals.
        guard journalTally == total, issues == 0 else {
            throw DemoError.checkFailed("journal read back \(journalTally.trades) trades with \(issues) issue(s)")
        }
        guard liveTally == total || liveTally.trades < events.count else {
            throw DemoError.checkFailed("the live fold differs from the input's")
        }
        say("ok")
    }

    private func say(_ line: String) { print(line) }
}
