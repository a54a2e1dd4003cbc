import ArgumentParser
import NjordCore
import NjordMarketData

/// `njord md book`: replays Binance captures through the parser and the local order book and
/// prints the book at the end, with the procedure's counts.
struct MarketDataBookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book",
        abstract: "Rebuild a symbol's order book from Binance capture files (plain or .gz, `<ns> <frame>` lines).")

    @Option(name: .customLong("input"), help: "A capture file; repeat for several, replayed in the order given.")
    var inputs: [String] = []

    @Option(help: "The symbol to rebuild (e.g. BTCUSDT).")
    var symbol: String

    @Option(help: "Levels to print per side.")
    var depth = 10

    @Flag(help: "Print one JSON object instead of a ladder.")
    var json = false

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one --input") }
        guard depth >= 0 else { throw ValidationError("--depth must not be negative") }
    }

    func run() throws {
        var replay = MarketDataReplay(symbol: symbol)
        try CaptureReplayer.replay(files: inputs, into: &replay)
        print(json ? Self.json(replay, depth: depth) : Self.ladder(replay, depth: depth))
    }

    static func json(_ replay: MarketDataReplay, depth: Int) -> String {
        let top = replay.book.topN(depth)
        func levels(_ levels: [PriceLevel]) -> String {
            "[" + levels.map { "[\"\($0.price)\",\"\($0.qty)\"]" }.joined(separator: ",") + "]"
        }
        let c = replay.book.counters
        let s = replay.stats
        let fields: [(String, String)] = [
            ("symbol", "\"\(replay.symbol)\""),
            ("bids", levels(top.bids)),
            ("asks", levels(top.asks)),
            ("last_update_id", "\(replay.book.lastUpdateId)"),
            ("applied", "\(c.applied)"),
            ("dropped", "\(c.dropped)"),
            ("gaps", "\(c.gaps)"),
            ("resyncs", "\(c.resyncs)"),
            ("needs_resync", "\(replay.book.needsResync)"),
            ("crossed_after_apply", "\(c.crossedAfterApply)"),
            ("trades", "\(replay.trades.distinct)"),
            ("duplicate_trades", "\(replay.trades.duplicates + replay.trades.tooOld)"),
            ("lines", "\(s.lines)"),
            ("frames", "\(s.frames)"),
            ("blank_lines", "\(s.blankLines)"),
            ("garbage_lines", "\(s.garbageLines)"),
            ("parse_errors", "\(s.parseErrors)"),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    static func ladder(_ replay: MarketDataReplay, depth: Int) -> String {
        let top = replay.book.topN(depth)
        let c = replay.book.counters
        let s = replay.stats
        func row(_ level: PriceLevel) -> String {
            let price = level.price.description
            let qty = level.qty.description
            return String(repeating: " ", count: max(0, 16 - price.count)) + price
                + String(repeating: " ", count: max(0, 18 - qty.count)) + qty
        }
        var out = ["\(replay.symbol) book at update id \(replay.book.lastUpdateId)"]
        out.append("           price               qty")
        out += top.asks.reversed().map { "ask " + row($0) }
        out.append("    " + String(repeating: "-", count: 34))
        out += top.bids.map { "bid " + row($0) }
        out.append(
            "diffs: \(c.applied) applied, \(c.dropped) dropped, \(c.gaps) gaps, \(c.resyncs) resyncs"
                + (replay.book.needsResync ? " (NEEDS RESYNC: no snapshot after the last gap)" : ""))
        out.append(
            "trades: \(replay.trades.distinct) distinct, \(replay.trades.duplicates + replay.trades.tooOld) repeated")
        out.append(
            "lines: \(s.lines) (\(s.frames) frames, \(s.blankLines) blank, \(s.garbageLines) garbage, \(s.parseErrors) unparsable)"
        )
        for (line, error) in replay.firstErrors { out.append("  line \(line): \(error)") }
        return out.joined(separator: "\n")
    }
}
