public import NjordCore

/// How `njord data export` writes records.
///
/// CSV is the import layout in canonical form, so exporting what was imported gives back the
/// source modulo canonical decimals: every decimal in ``Fixed``'s canonical form (`61837.63000000`
/// → `61837.63`, `46319.0` → `46319`), everything else byte for byte. Trades use the first seven
/// Binance columns (`id,price,qty,quote_qty,time,is_buyer_maker,is_best_match`, time in ms,
/// `quote_qty` = price × qty rounded half-even to 8 digits, `is_best_match` always `true`; capture
/// columns such as `event_time` are not stored). Bars use `timestamp,open,high,low,close,volume`
/// with `YYYY-mm-dd HH:MM:SS.ffffff` (klines' extra columns are not stored).
///
/// NDJSON lines are plain objects with the contract payload's field names (`md.trade`, `md.bar`
/// `data`), decimals as canonical strings, times in ns: trades add a leading `ts`.
public enum StoreExportFormat: String, Sendable, CaseIterable {
    case csv, ndjson

    public static let tradesCSVHeader = "id,price,qty,quote_qty,time,is_buyer_maker,is_best_match"
    public static let barsCSVHeader = "timestamp,open,high,low,close,volume"

    public func header(for kind: StoreKind) -> String? {
        guard self == .csv else { return nil }
        return kind == .trades ? Self.tradesCSVHeader : Self.barsCSVHeader
    }

    /// Appends one trade line (with its newline).
    public func write(_ t: StoredTrade, venue: String, symbol: String, to out: inout [UInt8]) {
        switch self {
        case .csv:
            append(t.tradeId, &out)
            out.append(UInt8(ascii: ","))
            t.price.write(to: &out)
            out.append(UInt8(ascii: ","))
            t.qty.write(to: &out)
            out.append(UInt8(ascii: ","))
            if let quote = try? t.price.multiplied(by: t.qty, rounding: .toNearestOrEven) { quote.write(to: &out) }
            out.append(UInt8(ascii: ","))
            append(t.time.nanosecondsSinceEpoch / 1_000_000, &out)
            out.append(contentsOf: (t.side == .sell ? ",true,true\n" : ",false,true\n").utf8)
        case .ndjson:
            var w = JSONWriter(appendingTo: out)
            out = []
            w.raw("{\"ts\":")
            w.int(t.time.nanosecondsSinceEpoch)
            w.raw(",\"venue\":")
            w.string(venue)
            w.raw(",\"symbol\":")
            w.string(symbol)
            w.raw(",\"trade_id\":")
            w.int(t.tradeId)
            w.raw(",\"price\":")
            w.decimal(t.price)
            w.raw(",\"qty\":")
            w.decimal(t.qty)
            w.raw(",\"side\":")
            w.string(t.side.rawValue)
            w.raw("}\n")
            out = w.bytes
        }
    }

    /// Appends one bar line (with its newline).
    public func write(_ b: StoredBar, venue: String, symbol: String, interval: BarInterval, to out: inout [UInt8]) {
        switch self {
        case .csv:
            DateTimeText.formatDateTime(b.openTime.nanosecondsSinceEpoch, into: &out)
            for v in [b.open, b.high, b.low, b.close, b.volume] {
                out.append(UInt8(ascii: ","))
                v.write(to: &out)
            }
            out.append(UInt8(ascii: "\n"))
        case .ndjson:
            var w = JSONWriter(appendingTo: out)
            out = []
            w.raw("{\"venue\":")
            w.string(venue)
            w.raw(",\"symbol\":")
            w.string(symbol)
            w.raw(",\"interval\":")
            w.string(interval.rawValue)
            w.raw(",\"open_time\":")
            w.int(b.openTime.nanosecondsSinceEpoch)
            for (name, v) in [
                (",\"open\":", b.open), (",\"high\":", b.high), (",\"low\":", b.low), (",\"close\":", b.close),
                (",\"volume\":", b.volume),
            ] as [(StaticString, Fixed)] {
                w.raw(name)
                w.decimal(v)
            }
            w.raw(",\"trades\":")
            w.int(b.trades)
            w.raw("}\n")
            out = w.bytes
        }
    }

    private func append(_ v: Int64, _ out: inout [UInt8]) { out.append(contentsOf: String(v).utf8) }
}
