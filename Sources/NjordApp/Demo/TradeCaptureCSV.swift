import NjordCore

/// Reads the Binance trades CSV layout of `../shared/data/trades/`
/// (`id,price,qty,quote_qty,time,is_buyer_maker,is_best_match,event_time,local_recv_ns`) into
/// `md.trade` envelopes: exchange time as the event time, the capture's receive time as `rts`, the
/// aggressor side from `is_buyer_maker` (a maker buyer means the taker sold).
enum TradeCaptureCSV {
    static let header = "id,price,qty,quote_qty,time,is_buyer_maker,is_best_match,event_time,local_recv_ns"

    /// Every row as an envelope, or an error naming the line and the field.
    static func events(_ text: String, venue: String, symbol: String, source: String) throws -> [EventEnvelope] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).makeIterator()
        guard let first = lines.next(), first.trimmingSuffix("\r") == header else {
            throw DemoError.badInput("line 1: expected the header \(header)")
        }
        var events: [EventEnvelope] = []
        var lineNumber = 1
        while let line = lines.next() {
            lineNumber += 1
            let f = line.trimmingSuffix("\r").split(separator: ",", omittingEmptySubsequences: false)
            guard f.count == 9 else { throw DemoError.badInput("line \(lineNumber): \(f.count) fields, expected 9") }
            func field<T>(_ i: Int, _ name: String, _ parse: (Substring) -> T?) throws -> T {
                guard let v = parse(f[i]) else { throw DemoError.badInput("line \(lineNumber): bad \(name) '\(f[i])'") }
                return v
            }
            let id = try field(0, "id") { Int64($0) }
            let price = try field(1, "price") { try? Fixed(String($0)) }
            let qty = try field(2, "qty") { try? Fixed(String($0)) }
            let time = try field(4, "time") { Int64($0) }
            let buyerIsMaker = try field(5, "is_buyer_maker") { $0 == "true" ? true : $0 == "false" ? false : nil }
            let received = try field(8, "local_recv_ns") { Int64($0) }
            events.append(
                EventEnvelope(
                    id: "\(source):\(id)", source: source, sequence: UInt64(events.count + 1),
                    eventTime: Timestamp(millisecondsSinceEpoch: time),
                    receiveTime: Timestamp(nanosecondsSinceEpoch: received),
                    payload: .trade(
                        Trade(
                            venue: venue, symbol: symbol, tradeId: id, price: price, qty: qty,
                            side: buyerIsMaker ? .sell : .buy))))
        }
        return events
    }
}

extension Substring {
    fileprivate func trimmingSuffix(_ suffix: String) -> Substring {
        hasSuffix(suffix) ? dropLast(suffix.count) : self
    }
}

/// Why the demo stopped.
enum DemoError: Error, CustomStringConvertible {
    /// The input file is missing or malformed; the message names where.
    case badInput(String)
    /// A check of the slice failed; the message says which.
    case checkFailed(String)

    var description: String {
        switch self {
        case .badInput(let m): "bad input: \(m)"
        case .checkFailed(let m): "check failed: \(m)"
        }
    }
}
