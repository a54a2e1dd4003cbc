import Foundation
import NjordCore
import NjordMarketData
import NjordTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The start of the recorded BTCUSDT session in `binance-ws/hftbacktest-raw/spot/btcusdt_20240808.gz`:
/// its REST snapshot line and the stream frames around it, with reference books built by the same
/// ``LocalOrderBook`` code over the frames in order (what an uninterrupted run ends with).
struct RecordedFeed {
    static let symbol = "BTCUSDT"
    let snapshot: String
    let frames: [String]

    static func load(lines: Int = 3_000) throws -> RecordedFeed {
        let path = SharedData.data("binance-ws/hftbacktest-raw/spot/btcusdt_20240808.gz").path
        var snapshot: String?
        var frames: [String] = []
        var count = 0
        try CaptureReplayer.forEachLine(in: [path]) { line in
            guard count < lines, let captured = CaptureLine(line) else { return }
            count += 1
            let text = String(decoding: captured.frame, as: UTF8.self)
            if text.hasPrefix("{\"lastUpdateId\"") { snapshot = text } else { frames.append(text) }
        }
        guard let snapshot else { throw FeedError.noSnapshotLine }
        return RecordedFeed(snapshot: snapshot, frames: frames)
    }

    enum FeedError: Error { case noSnapshotLine }

    /// The book after the recorded snapshot and the first `count` frames (all when nil).
    func referenceBook(afterFrames count: Int? = nil) throws -> LocalOrderBook {
        var decoder = BinanceFrameDecoder(venue: "binanceus")
        var book = LocalOrderBook()
        let at = Timestamp(nanosecondsSinceEpoch: 0)
        if case .bookSnapshot(let s) = try decoder.decode(snapshot, receivedAt: at, snapshotSymbol: Self.symbol)
            .envelope.payload
        {
            book.apply(s)
        }
        for frame in frames.prefix(count ?? frames.count) {
            if case .bookDelta(let delta) = try decoder.decode(frame, receivedAt: at, snapshotSymbol: Self.symbol)
                .envelope.payload
            {
                book.apply(delta)
            }
        }
        return book
    }

    /// A REST depth snapshot of a book, as Binance writes it.
    static func snapshotJSON(of book: LocalOrderBook) -> String {
        let top = book.topN(Int.max)
        func side(_ levels: [PriceLevel]) -> String {
            levels.map { "[\"\($0.price)\",\"\($0.qty)\"]" }.joined(separator: ",")
        }
        return "{\"lastUpdateId\":\(book.lastUpdateId),\"bids\":[\(side(top.bids))],\"asks\":[\(side(top.asks))]}"
    }

    /// Index of the `n`-th depth diff frame (0-based).
    func indexOfDepthDiff(_ n: Int) -> Int {
        frames.indices.filter { frames[$0].contains("\"depthUpdate\"") }[n]
    }
}

/// Runs an adapter's events through an ``IngestPipeline`` the way the ingest daemon does (a gap's
/// snapshot request goes back to the adapter) until `done` holds or the deadline passes.
func drive(
    _ adapter: any VenueAdapter, pipeline: inout IngestPipeline, deadline: Duration = .seconds(30),
    until done: (IngestPipeline) -> Bool
) -> Bool {
    let end = ContinuousClock.now.advanced(by: deadline)
    while ContinuousClock.now < end {
        for event in adapter.poll() {
            for case .requestSnapshot(let symbol) in pipeline.ingest(event) { adapter.requestSnapshot(of: symbol) }
        }
        if done(pipeline) { return true }
        _ = poll(nil, 0, 2)  // wait for the socket thread; the deadline bounds the whole wait
    }
    return false
}

/// Whether the pipeline's book has reached the reference book's update id with a usable book.
func reached(_ reference: LocalOrderBook) -> (IngestPipeline) -> Bool {
    { pipeline in
        guard let book = pipeline.book(of: RecordedFeed.symbol) else { return false }
        return book.phase != .awaitingSnapshot && book.lastUpdateId == reference.lastUpdateId
    }
}

/// Every level of two books, for equality.
func levels(_ book: LocalOrderBook?) -> [PriceLevel] {
    guard let book else { return [] }
    let top = book.topN(Int.max)
    return top.bids + [PriceLevel(price: .zero, qty: .zero)] + top.asks
}
