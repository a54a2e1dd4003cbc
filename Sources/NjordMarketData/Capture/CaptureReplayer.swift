import NjordJournal

/// Paces a replay by the capture's receive times. Replays run as fast as possible unless given one
/// (real-time pacing plugs in here).
public protocol ReplayPacer {
    /// Called before each captured line is replayed, with its local receive time.
    mutating func pace(receiveNanoseconds: Int64)
}

/// Reads capture files (plain or gzip, lines `<ns> <frame>`) in the order given and feeds every
/// line to a ``MarketDataReplay``.
public enum CaptureReplayer {
    /// Replays `files` in order; `onEvent` sees what each line did.
    public static func replay(
        files: [String], into replay: inout MarketDataReplay, pacer: (any ReplayPacer)? = nil,
        onEvent: (ReplayEvent) throws -> Void = { _ in }
    ) throws {
        var pacer = pacer
        try forEachLine(in: files) { line in
            if pacer != nil, let captured = CaptureLine(line) {
                pacer!.pace(receiveNanoseconds: captured.receiveNanoseconds)
            }
            try onEvent(replay.ingest(line: line))
        }
    }

    /// Every line of `files` in order (plain or gzip), without newlines; the bytes are valid only
    /// during the call.
    public static func forEachLine(in files: [String], _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        for path in files { try LineFileReader(path: path).forEachLine(body) }
    }
}
