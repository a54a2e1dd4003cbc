import NjordCore

/// What one simulated second looked like per symbol, for `njord md sim`'s summary lines.
struct SimSecondSummary {
    struct Tally {
        var trades = 0
        var volume = Fixed.zero
        var deltas = 0
        var last: Fixed?
        var bid: Fixed?
        var ask: Fixed?
    }

    let symbols: [String]
    private var tallies: [String: Tally] = [:]

    init(symbols: [String]) { self.symbols = symbols }

    mutating func add(_ payload: EventPayload) {
        switch payload {
        case .trade(let t):
            tallies[t.symbol, default: Tally()].trades += 1
            tallies[t.symbol, default: Tally()].volume += t.qty
            tallies[t.symbol, default: Tally()].last = t.price
        case .bookDelta(let d):
            tallies[d.symbol, default: Tally()].deltas += 1
        case .topOfBook(let t):
            tallies[t.symbol, default: Tally()].bid = t.bid
            tallies[t.symbol, default: Tally()].ask = t.ask
        default:
            break
        }
    }

    /// Clears the counts but keeps the last prices, which carry over to the next second.
    mutating func reset() {
        for symbol in symbols {
            let kept = tallies[symbol]
            tallies[symbol] = Tally(last: kept?.last, bid: kept?.bid, ask: kept?.ask)
        }
    }

    func line(second: Int, regimes: [String]) -> String {
        let parts = zip(symbols, regimes).map { symbol, regime in
            let t = tallies[symbol] ?? Tally()
            return "\(symbol) bid \(t.bid.map(\.description) ?? "-") ask \(t.ask.map(\.description) ?? "-") "
                + "last \(t.last.map(\.description) ?? "-") trades \(t.trades) vol \(t.volume) "
                + "deltas \(t.deltas) \(regime)"
        }
        return "t=\(second)s " + parts.joined(separator: " | ")
    }
}
