public import NjordCore
import NjordJournal

/// The replay venue: plays recorded capture files (lines `<receive ns> <raw JSON frame>`, plain or
/// gzip, as ``CaptureReplayer`` reads them) through the same Binance parsing as the live venue
/// (``BinanceFrameDecoder``), paced against an injected ``Clock``: real time (`speed` 1), `speed`
/// times faster, or as fast as possible (`speed` 0). With `loop`, the frames start over at the end
/// and ``session`` is bumped, so the daemon discards its books and resyncs from the capture's
/// snapshot line.
///
/// The files are read into memory at ``start()``: a replay is of captures that fit (a day of one
/// symbol's book is tens of megabytes). Lines that are not `<ns> <frame>` and frames the parser
/// rejects are counted and skipped.
public final class ReplayVenueAdapter: FrameVenueAdapter {
    public let venue: String
    public private(set) var symbols: [String]
    public let files: [String]
    public let speed: Double
    public let loop: Bool
    /// At most this many frames are handed out per poll, so one poll of a fast replay stays small.
    public let maxFramesPerPoll: Int
    private let clock: any Clock
    private var frames: [RawFrame] = []
    private var next = 0
    private var schedule: ReplaySchedule?
    private var decoder: BinanceFrameDecoder
    private var snapshotSymbol: String
    private var raw: [RawFrame] = []
    private var stopped = false
    private var latest = Timestamp(nanosecondsSinceEpoch: 0)
    private var statuses: [String: VenueStreamStatus] = [:]
    public private(set) var session = 0
    private var malformedFrames = 0
    private var garbageLines = 0
    private var framesDelivered = 0

    /// - Parameters:
    ///   - symbols: the symbol of the captures' REST snapshot lines (which name none) is the first
    ///     one; empty: taken from the first frame that names a symbol.
    ///   - speed: recorded seconds per clock second; 0 plays as fast as possible.
    public init(
        files: [String], symbols: [String] = [], venue: String = "binanceus", speed: Double = 1, loop: Bool = false,
        clock: any Clock, maxFramesPerPoll: Int = 4_096
    ) throws(VenueAdapterError) {
        guard !files.isEmpty else { throw .invalidConfiguration("replay needs at least one capture file") }
        guard speed >= 0, speed.isFinite else {
            throw .invalidConfiguration("replay speed must be 0 (as fast as possible) or positive, got \(speed)")
        }
        self.files = files
        self.symbols = symbols.map { $0.uppercased() }
        self.venue = venue
        self.speed = speed
        self.loop = loop
        self.clock = clock
        self.maxFramesPerPoll = max(1, maxFramesPerPoll)
        decoder = BinanceFrameDecoder(venue: venue)
        snapshotSymbol = self.symbols.first ?? ""
    }

    /// The latest event time handed out: replay time follows the capture.
    public var now: Timestamp { latest }

    public func start() throws(VenueAdapterError) {
        guard schedule == nil else { return }
        do {
            try CaptureReplayer.forEachLine(in: files) { line in
                guard let captured = CaptureLine(line) else {
                    if !CaptureLine.isBlank(line) { garbageLines += 1 }
                    return
                }
                frames.append(
                    RawFrame(
                        receiveNanoseconds: captured.receiveNanoseconds,
                        text: String(decoding: captured.frame, as: UTF8.self)))
            }
        } catch {
            throw .unreachable("cannot read capture \(files.joined(separator: ", ")): \(error)")
        }
        guard let first = frames.first else { throw .invalidConfiguration("captures hold no frames: \(files)") }
        if snapshotSymbol.isEmpty { snapshotSymbol = Self.firstSymbol(in: frames) ?? "" }
        if symbols.isEmpty, !snapshotSymbol.isEmpty { symbols = [snapshotSymbol] }
        schedule = ReplaySchedule(
            speed: speed, firstCaptureNanoseconds: first.receiveNanoseconds,
            originMonotonic: clock.monotonicNanoseconds())
    }

    public func stop() { stopped = true }

    /// The monotonic reading at which the next frame is due; nil when none is left in this pass.
    public var nextDue: UInt64? {
        guard let schedule, next < frames.count else { return nil }
        return schedule.due(captureNanoseconds: frames[next].receiveNanoseconds)
    }

    public func poll() -> [VenueEvent] {
        guard let schedule, !stopped else { return [] }
        if next == frames.count {
            guard loop else { return [] }
            // The boundary poll returns nothing, so no event of the old pass follows the new session.
            next = 0
            session += 1
            self.schedule = ReplaySchedule(
                speed: speed, firstCaptureNanoseconds: frames[0].receiveNanoseconds,
                originMonotonic: clock.monotonicNanoseconds())
            return []
        }
        let now = clock.monotonicNanoseconds()
        var events: [VenueEvent] = []
        while next < frames.count, events.count < maxFramesPerPoll,
            schedule.due(captureNanoseconds: frames[next].receiveNanoseconds) <= now
        {
            let frame = frames[next]
            next += 1
            raw.append(frame)
            do {
                let event = try decoder.decode(
                    frame.text, receivedAt: Timestamp(nanosecondsSinceEpoch: frame.receiveNanoseconds),
                    snapshotSymbol: snapshotSymbol)
                events.append(event)
            } catch {
                malformedFrames += 1
            }
        }
        for event in events {
            framesDelivered += 1
            if event.envelope.eventTime > latest { latest = event.envelope.eventTime }
            statuses[event.topic, default: VenueStreamStatus(stream: event.topic, state: .live)].messages += 1
            statuses[event.topic]?.lastEventTime = event.envelope.eventTime
        }
        return events
    }

    /// A replay cannot ask the recording for a snapshot: the next snapshot line of the capture (or
    /// of the next pass, when looping) resyncs the book.
    public func requestSnapshot(of symbol: String) {}

    public var streamStatuses: [VenueStreamStatus] {
        let state: VenueStreamStatus.State = stopped || schedule == nil || isExhausted ? .stopped : .live
        return statuses.values.sorted { $0.stream < $1.stream }.map {
            var status = $0
            status.state = state
            return status
        }
    }

    public func drainRawFrames() -> [RawFrame] {
        defer { raw.removeAll(keepingCapacity: true) }
        return raw
    }

    public var counters: [String: Int64] {
        [
            "frames": Int64(framesDelivered + malformedFrames), "malformed_frames": Int64(malformedFrames),
            "garbage_lines": Int64(garbageLines), "loops": Int64(session),
        ]
    }

    public var isExhausted: Bool { schedule != nil && !loop && next == frames.count }

    private static func firstSymbol(in frames: [RawFrame]) -> String? {
        var decoder = BinanceFrameDecoder(venue: "")
        for frame in frames.prefix(1_000) {
            guard
                let event = try? decoder.decode(
                    frame.text, receivedAt: Timestamp(nanosecondsSinceEpoch: 0), snapshotSymbol: "")
            else { continue }
            switch event.envelope.payload {
            case .trade(let trade): return trade.symbol
            case .bookDelta(let delta): return delta.symbol
            case .topOfBook(let top): return top.symbol
            default: continue
            }
        }
        return nil
    }
}
