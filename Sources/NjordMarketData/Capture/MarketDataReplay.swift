public import NjordCore

/// The state of replaying one symbol's Binance capture: frames are parsed, depth goes to a
/// ``LocalOrderBook``, trades through a ``TradeDeduper``. A value type with no I/O; the
/// ``CaptureReplayer`` feeds it lines from files.
public struct MarketDataReplay: Sendable {
    /// The symbol replayed, in Binance's upper case (`BTCUSDT`).
    public let symbol: String
    public let parser: BinanceSpotParser
    public private(set) var book: LocalOrderBook
    public private(set) var trades: TradeDeduper
    public private(set) var stats = ReplayStats()
    /// The latest best bid/ask update, if any.
    public private(set) var topOfBook: TopOfBook?
    /// The first few parse errors, with their line numbers, for the report.
    public private(set) var firstErrors: [(line: Int, error: BinanceParseError)] = []
    public static let keptErrors = 10

    public init(
        symbol: String, venue: String = "binance", book: LocalOrderBook = LocalOrderBook(),
        trades: TradeDeduper = TradeDeduper()
    ) {
        self.symbol = symbol.uppercased()
        parser = BinanceSpotParser(venue: venue, snapshotSymbol: self.symbol)
        self.book = book
        self.trades = trades
    }

    /// Replays one capture line (without its newline).
    @discardableResult
    public mutating func ingest(line: UnsafeBufferPointer<UInt8>) -> ReplayEvent {
        stats.lines += 1
        guard let captured = CaptureLine(line) else {
            if CaptureLine.isBlank(line) {
                stats.blankLines += 1
                return .blank
            }
            stats.garbageLines += 1
            return .garbage
        }
        return ingest(frame: captured.frame)
    }

    /// Replays one raw frame (no receive-time prefix).
    @discardableResult
    public mutating func ingest(frame: UnsafeBufferPointer<UInt8>) -> ReplayEvent {
        let message: BinanceMessage
        do {
            message = try parser.parse(frame)
        } catch {
            stats.parseErrors += 1
            if firstErrors.count < Self.keptErrors { firstErrors.append((stats.lines, error)) }
            return .parseError(error)
        }
        switch message {
        case .trade(let trade, _, _):
            guard trade.symbol == symbol else { return otherSymbol() }
            stats.tradeFrames += 1
            return .trade(trade, isNew: trades.accept(trade.tradeId) == .new)
        case .depthUpdate(let delta, _):
            guard delta.symbol == symbol else { return otherSymbol() }
            stats.depthFrames += 1
            return .bookUpdate(delta, book.apply(delta))
        case .depthSnapshot(let snapshot):
            stats.snapshotFrames += 1
            return .snapshot(book.apply(snapshot))
        case .bookTicker(let tob):
            guard tob.symbol == symbol else { return otherSymbol() }
            stats.bookTickerFrames += 1
            topOfBook = tob
            return .topOfBook(tob)
        }
    }

    private mutating func otherSymbol() -> ReplayEvent {
        stats.otherSymbolFrames += 1
        return .otherSymbol
    }
}
