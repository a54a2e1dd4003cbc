import NjordCore

/// The one-letter fields of a Binance market event, gathered in one pass over the object in any
/// order, then checked and shaped by the event type (`e`; none for `bookTicker`).
struct BinanceEventFields {
    /// `e`: nil when absent (bookTicker).
    var eventType: EventType?
    var eventTime: Int64?  // E
    var symbol: String?  // s
    var tradeId: Int64?  // t
    var price: Fixed?  // p
    var qty: Fixed?  // q
    var tradeTime: Int64?  // T
    var buyerIsMaker: Bool?  // m
    var firstUpdateId: Int64?  // U
    var updateId: Int64?  // u
    var bidLevels: [PriceLevel]?  // b (depthUpdate)
    var askLevels: [PriceLevel]?  // a (depthUpdate)
    var bidPrice: Fixed?  // b (bookTicker)
    var askPrice: Fixed?  // a (bookTicker)
    var bidQty: Fixed?  // B
    var askQty: Fixed?  // A
    var hasAny = false

    mutating func readObject(from s: inout BinanceJSONScanner, prefix: String) throws(BinanceParseError) {
        try s.beginObject(String(prefix.dropLast()))
        var first = true
        while let key = try s.nextKey(isFirst: &first, String(prefix.dropLast())) {
            if key.count == 1 {
                try read(key: s.bytes[key.lowerBound], from: &s, prefix: prefix)
            } else {
                let name = s.string(key)
                try s.skipValue(prefix + name)
            }
        }
    }

    /// Reads the value of a one-letter key; unknown letters (`M`, …) are skipped.
    @inline(__always)
    mutating func read(key: UInt8, from s: inout BinanceJSONScanner, prefix: String) throws(BinanceParseError) {
        hasAny = true
        switch key {
        case UInt8(ascii: "e"):
            let range = try s.readStringRange(prefix + "e")
            eventType =
                s.equals(range, "trade")
                ? .trade : s.equals(range, "depthUpdate") ? .depthUpdate : .other(s.string(range))
        case UInt8(ascii: "E"): eventTime = try s.readInt64(prefix + "E")
        case UInt8(ascii: "s"): symbol = s.string(try s.readStringRange(prefix + "s"))
        case UInt8(ascii: "t"): tradeId = try s.readInt64(prefix + "t")
        case UInt8(ascii: "p"): price = try s.readDecimal(prefix + "p")
        case UInt8(ascii: "q"): qty = try s.readDecimal(prefix + "q")
        case UInt8(ascii: "T"): tradeTime = try s.readInt64(prefix + "T")
        case UInt8(ascii: "m"): buyerIsMaker = try s.readBool(prefix + "m")
        case UInt8(ascii: "U"): firstUpdateId = try s.readInt64(prefix + "U")
        case UInt8(ascii: "u"): updateId = try s.readInt64(prefix + "u")
        case UInt8(ascii: "b"):
            if try s.peek(prefix + "b") == UInt8(ascii: "[") {
                var levels: [PriceLevel] = []
                try s.readLevels(prefix + "b", into: &levels)
                bidLevels = levels
            } else {
                bidPrice = try s.readDecimal(prefix + "b")
            }
        case UInt8(ascii: "a"):
            if try s.peek(prefix + "a") == UInt8(ascii: "[") {
                var levels: [PriceLevel] = []
                try s.readLevels(prefix + "a", into: &levels)
                askLevels = levels
            } else {
                askPrice = try s.readDecimal(prefix + "a")
            }
        case UInt8(ascii: "B"): bidQty = try s.readDecimal(prefix + "B")
        case UInt8(ascii: "A"): askQty = try s.readDecimal(prefix + "A")
        default: try s.skipValue(prefix + String(UnicodeScalar(key)))
        }
    }

    func message(venue: String, prefix: String, stream: String?) throws(BinanceParseError) -> BinanceMessage {
        switch eventType {
        case .trade:
            return .trade(
                Trade(
                    venue: venue, symbol: try need(symbol, prefix + "s"), tradeId: try need(tradeId, prefix + "t"),
                    price: try need(price, prefix + "p"), qty: try need(qty, prefix + "q"),
                    side: try need(buyerIsMaker, prefix + "m") ? .sell : .buy),
                eventTimeMs: try need(eventTime, prefix + "E"), tradeTimeMs: try need(tradeTime, prefix + "T"))
        case .depthUpdate:
            return .depthUpdate(
                BookDelta(
                    venue: venue, symbol: try need(symbol, prefix + "s"),
                    firstUpdateId: try need(firstUpdateId, prefix + "U"),
                    lastUpdateId: try need(updateId, prefix + "u"),
                    bids: try need(bidLevels, prefix + "b"), asks: try need(askLevels, prefix + "a")),
                eventTimeMs: try need(eventTime, prefix + "E"))
        case nil:
            // bookTicker is the one event without `e`; a stream that says otherwise is not ours.
            if let stream, !stream.hasSuffix("@bookTicker") { throw .unsupportedEvent(stream) }
            return .bookTicker(
                TopOfBook(
                    venue: venue, symbol: try need(symbol, prefix + "s"), updateId: try need(updateId, prefix + "u"),
                    bid: try need(bidPrice, prefix + "b"), bidQty: try need(bidQty, prefix + "B"),
                    ask: try need(askPrice, prefix + "a"), askQty: try need(askQty, prefix + "A")))
        case .other(let name):
            throw .unsupportedEvent(name)
        }
    }

    enum EventType {
        case trade, depthUpdate
        case other(String)
    }

    @inline(__always)
    private func need<T>(_ value: T?, _ field: @autoclosure () -> String) throws(BinanceParseError) -> T {
        guard let value else { throw .missingField(field()) }
        return value
    }
}
