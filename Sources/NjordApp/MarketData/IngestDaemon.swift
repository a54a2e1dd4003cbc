import Foundation
import NjordCore
import NjordJournal
import NjordMarketData
import NjordServiceKit

/// The I/O edge of `njord-md-ingest`: polls a venue adapter, runs the ``IngestPipeline`` and performs
/// its actions — publishes in one batch per loop turn, writes book keys, appends to the journal
/// (group commit, one stream per symbol) — and publishes a heartbeat every wall-clock second.
/// A frame venue's raw frames (Binance.US, replay) go to a daily capture file in the replayable
/// `<receive ns> <raw JSON>` format; the sim venue has no raw frames, so nothing is captured for it.
final class IngestDaemon {
    static let service = "md-ingest"

    private let adapter: any VenueAdapter
    private let bus: any MessageBus
    private let journalRoot: String
    private let wallClock: any Clock
    private var pipeline: IngestPipeline
    private var journals: [String: JournalWriter] = [:]
    private let startedAt: Timestamp
    private var publishFailures = 0
    private var keyFailures = 0
    private let captureDirectory: String?
    private var capture: CaptureFileWriter?
    private var session = 0

    /// - Parameter captureDirectory: where raw frames are captured (nil: not captured).
    init(
        adapter: any VenueAdapter, bus: any MessageBus, journalRoot: String, options: IngestOptions,
        wallClock: any Clock = SystemClock(), captureDirectory: String? = nil
    ) {
        self.adapter = adapter
        self.captureDirectory = captureDirectory
        self.bus = bus
        self.journalRoot = journalRoot
        self.wallClock = wallClock
        pipeline = IngestPipeline(options: options)
        startedAt = wallClock.now()
    }

    /// The capture file name's prefix: `<venue>-<SYMBOLS joined by _, or all>`.
    static func capturePrefix(venue: String, symbols: [String]) -> String {
        "\(venue)-\(symbols.isEmpty ? "all" : symbols.joined(separator: "_"))"
    }

    /// The pipeline's book of a symbol (for tests and status).
    func book(of symbol: String) -> LocalOrderBook? { pipeline.book(of: symbol) }

    /// Runs until `shouldStop` says so, venue time reaches `until`, or a replay is played out; then
    /// flushes the journals and the capture and publishes a last heartbeat. Journal and capture
    /// errors end the run (they are thrown).
    func run(until end: Timestamp?, shouldStop: () -> Bool) throws {
        try adapter.start()
        defer { adapter.stop() }
        let frameVenue = adapter as? any FrameVenueAdapter
        // Named after start: a replay learns its symbols from its files.
        if frameVenue != nil, let captureDirectory {
            capture = CaptureFileWriter(
                directory: captureDirectory, prefix: Self.capturePrefix(venue: adapter.venue, symbols: adapter.symbols))
        }
        heartbeat(status: .ok)
        var nextHeartbeat = wallClock.monotonicNanoseconds() + 1_000_000_000
        var batch: [BusMessage] = []
        while !shouldStop() {
            let now = adapter.now
            var actions: [IngestAction] = []
            let events = adapter.poll()
            if let frameVenue {
                if let capture { try capture.append(frameVenue.drainRawFrames()) }
                if frameVenue.session != session {
                    session = frameVenue.session
                    pipeline.restartSession()
                }
            }
            for event in events where end.map({ event.envelope.eventTime < $0 }) ?? true {
                actions += pipeline.ingest(event)
            }
            let exhausted = events.isEmpty && frameVenue?.isExhausted == true
            let reached = exhausted || (end.map { now >= $0 } ?? false)
            actions += pipeline.advance(to: end.map { min(now, $0) } ?? now)
            try perform(actions, batch: &batch)
            if wallClock.monotonicNanoseconds() >= nextHeartbeat {
                heartbeat(status: .ok)
                nextHeartbeat += 1_000_000_000
            }
            if reached { break }
            if actions.isEmpty { usleep(2_000) }
        }
        for writer in journals.values { try writer.close() }
        try capture?.close()
        heartbeat(status: .down)
    }

    private func perform(_ actions: [IngestAction], batch: inout [BusMessage]) throws {
        batch.removeAll(keepingCapacity: true)
        for action in actions {
            switch action {
            case .publish(let topic, let envelope):
                batch.append(BusMessage(topic: topic, payload: envelope.encoded()))
            case .setKey(let key, let value):
                do { try bus.setValue(value, forKey: key) } catch { keyFailures += 1 }
            case .journal(let stream, let record):
                try journal(stream).append(record)
            case .requestSnapshot(let symbol):
                adapter.requestSnapshot(of: symbol)
            }
        }
        guard !batch.isEmpty else { return }
        // At-most-once topics: a failed publish is counted; consumers see the gap by sequence.
        do { try bus.publish(batch: batch) } catch { publishFailures += batch.count }
    }

    private func journal(_ stream: String) throws -> JournalWriter {
        if let writer = journals[stream] { return writer }
        let writer = try JournalWriter(
            root: journalRoot, stream: stream,
            durability: .groupCommit(intervalNanoseconds: 200_000_000, maxBatch: 4_096), clock: wallClock)
        journals[stream] = writer
        return writer
    }

    private func heartbeat(status: ServiceStatus) {
        var counters = pipeline.heartbeatCounters(now: adapter.now)
        counters.merge(bus.status.heartbeatCounters) { $1 }
        counters["publish_failures"] = Int64(publishFailures)
        counters["key_failures"] = Int64(keyFailures)
        if let frameVenue = adapter as? any FrameVenueAdapter {
            for (name, value) in frameVenue.counters { counters["venue.\(name)"] = value }
        }
        if let capture { counters["captured_frames"] = Int64(capture.framesWritten) }
        let beat = Heartbeat(
            service: Self.service, host: ProcessInfo.processInfo.hostName, pid: Int64(getpid()), startedAt: startedAt,
            status: status, counters: counters)
        // Topic and `njord:svc:md-ingest` key: `njord status` reads both.
        publishFailures += ServiceHeartbeatKey.send(
            beat, sequence: nextHeartbeatSequence(), at: wallClock.now(), bus: bus)
    }

    private var heartbeatSequence: UInt64 = 0
    private func nextHeartbeatSequence() -> UInt64 {
        heartbeatSequence += 1
        return heartbeatSequence
    }
}
