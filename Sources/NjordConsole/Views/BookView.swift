import NjordCore
import NjordTerminal

/// Screen 2: the selected symbol's L2 ladder (asks above, bids below, best of each highlighted,
/// depth bars scaled to the largest level shown), its trade tape, update rate and gaps.
enum BookView {
    static func draw(_ model: ConsoleModel, _ p: Painter) {
        guard let symbol = model.currentSymbol, let m = model.markets[symbol] else {
            p.text(p.top, 0, "no market data yet (md.* topics)", CellStyle(.muted))
            return
        }
        let symbols = model.visibleSymbols
        let index = (symbols.firstIndex(of: symbol) ?? 0) + 1
        var column = 0
        for (text, style) in [
            ("\(symbol) (\(index)/\(symbols.count), j/k)", CellStyle(.accent)),
            ("bid \(Formats.optional(m.bid)) × \(Formats.optional(m.bidQty))", CellStyle(.bid)),
            ("ask \(Formats.optional(m.ask)) × \(Formats.optional(m.askQty))", CellStyle(.ask)),
            ("spread \(Formats.optional(m.spread))", CellStyle.normal),
            ("upd/s \(m.updates.rate(at: model.now))", CellStyle.normal),
            ("gaps \(m.gaps)", m.gaps > 0 ? CellStyle(.warning) : CellStyle.normal),
        ] {
            p.text(p.top, column, text, style)
            column += DisplayWidth.of(text) + 2
        }
        let tapeWidth = p.width >= 120 ? 44 : 31
        let ladderWidth = p.width - tapeWidth - 1
        drawLadder(m, p, top: p.top + 1, width: ladderWidth)
        drawTape(m, p, top: p.top + 1, column: ladderWidth + 1, width: tapeWidth)
    }

    static func drawLadder(_ m: MarketState, _ p: Painter, top: Int, width: Int) {
        let priceWidth = 14, qtyWidth = 14
        let barWidth = max(0, width - priceWidth - qtyWidth - 2)
        p.row(
            top,
            [
                .right("PRICE", priceWidth, CellStyle(.muted)), .right("QTY", qtyWidth, CellStyle(.muted)),
                .left("DEPTH", barWidth, CellStyle(.muted)),
            ])
        guard m.bookUpdateId != nil else {
            p.text(top + 1, 0, "no book yet: waiting for an md.book.\(m.symbol) snapshot", CellStyle(.muted))
            return
        }
        let perSide = max(1, (p.bottom - top - 1) / 2)
        let asks = Array(m.asks.prefix(perSide))
        let bids = Array(m.bids.prefix(perSide))
        let largest = (asks + bids).map(\.qty.doubleValue).max() ?? 0
        var row = top + 1 + (perSide - asks.count)
        for (offset, level) in asks.enumerated().reversed() {
            drawLevel(level, p, row, best: offset == 0, role: .ask, largest, priceWidth, qtyWidth, barWidth)
            row += 1
        }
        row = top + 1 + perSide
        for (offset, level) in bids.enumerated() {
            drawLevel(level, p, row, best: offset == 0, role: .bid, largest, priceWidth, qtyWidth, barWidth)
            row += 1
        }
    }

    static func drawLevel(
        _ level: PriceLevel, _ p: Painter, _ row: Int, best: Bool, role: ColorRole, _ largest: Double,
        _ priceWidth: Int,
        _ qtyWidth: Int, _ barWidth: Int
    ) {
        let style = CellStyle(role, bold: best, reverse: best)
        let fraction = largest > 0 ? level.qty.doubleValue / largest : 0
        p.row(
            row,
            [
                .right(level.price.description, priceWidth, style), .right(level.qty.description, qtyWidth, style),
                .left(Formats.bar(fraction, width: barWidth), barWidth, CellStyle(role)),
            ])
    }

    static func drawTape(_ m: MarketState, _ p: Painter, top: Int, column: Int, width: Int) {
        let priceWidth = (width - 11) / 2, qtyWidth = width - 11 - priceWidth
        let header =
            "TIME     S " + DisplayWidth.fit("PRICE", to: priceWidth, alignRight: true)
            + DisplayWidth.fit("QTY", to: qtyWidth, alignRight: true)
        p.text(top, column, header, CellStyle(.muted), width: width)
        var row = top + 1
        for entry in m.tape.elements.reversed() where row < p.bottom {
            let style = entry.side == .buy ? CellStyle(.up) : CellStyle(.down)
            let text =
                Formats.clock(entry.time) + " " + (entry.side == .buy ? "B" : "S") + " "
                + DisplayWidth.fit(entry.price.description, to: priceWidth, alignRight: true)
                + DisplayWidth.fit(entry.qty.description, to: qtyWidth, alignRight: true)
            p.text(row, column, text, style, width: width)
            row += 1
        }
        if m.tape.isEmpty { p.text(top + 1, column, "no trades yet", CellStyle(.muted)) }
    }
}
