import NjordCore
import NjordTerminal

/// Screen 1: markets (last, change since the console started, spread, trades/s, sparkline), the
/// account (portfolio equity; PnL today — when the publisher sends `pnl_today` —, realized and
/// unrealized; positions, kill switch), and every service's health.
enum OverviewView {
    static func draw(_ model: ConsoleModel, _ p: Painter) {
        let symbols = model.visibleSymbols
        let services = model.services.keys.sorted().filter { model.matchesFilter($0) }
        // Account takes 3 rows, each other section a title and a header; markets get at most half the rest.
        let spare = p.height - 3 - 4
        let marketRows = max(1, min(max(1, symbols.count), max(1, spare / 2)))
        var row = p.top
        p.section(row, "Markets (\(symbols.count))")
        row += 1
        row = drawMarkets(model, symbols, p, row, marketRows)
        row = drawAccount(model, p, row)
        p.section(row, "Services (\(services.count))")
        row += 1
        drawServices(model, services, p, row)
    }

    static func drawMarkets(_ model: ConsoleModel, _ symbols: [String], _ p: Painter, _ start: Int, _ rows: Int) -> Int
    {
        let wide = p.width >= 120
        var header: [Column] = [
            .left("SYMBOL", 10), .right("LAST", 14), .right("CHG%", 8), .right("SPREAD", 10), .right("TR/S", 6),
        ]
        if wide { header += [.right("BID", 14), .right("ASK", 14), .right("GAPS", 6)] }
        let used = header.reduce(0) { $0 + $1.width + 1 }
        header.append(.left("TREND", p.width - used))
        p.row(
            start,
            header.map {
                var c = $0; c.style = CellStyle(.muted); return c
            })
        var row = start + 1
        if symbols.isEmpty {
            p.text(row, 0, "no market data yet (md.* topics)", CellStyle(.muted))
            return row + rows
        }
        let selected = min(model.selectedSymbol, symbols.count - 1)
        let first = max(0, min(selected - rows + 1, symbols.count - rows))
        for symbol in symbols.dropFirst(first).prefix(rows) {
            guard let m = model.markets[symbol] else { continue }
            let (change, changeStyle) = Formats.change(m.last, from: m.reference)
            let isSelected = symbol == model.currentSymbol
            var cells: [Column] = [
                .left(symbol, 10, CellStyle(.normal, bold: true, reverse: isSelected)),
                .right(Formats.optional(m.last), 14), .right(change, 8, changeStyle),
                .right(Formats.optional(m.spread), 10), .right("\(m.tradeRate.rate(at: model.now))", 6),
            ]
            if wide {
                cells += [
                    .right(Formats.optional(m.bid), 14, CellStyle(.bid)),
                    .right(Formats.optional(m.ask), 14, CellStyle(.ask)),
                    .right("\(m.gaps)", 6, m.gaps > 0 ? CellStyle(.warning) : .normal),
                ]
            }
            let trendWidth = p.width - used
            cells.append(.left(Formats.sparkline(m.closes.elements, width: trendWidth), trendWidth, changeStyle))
            p.row(row, cells)
            row += 1
        }
        return start + 1 + rows
    }

    static func drawAccount(_ model: ConsoleModel, _ p: Painter, _ start: Int) -> Int {
        p.section(start, "Account")
        if let pnl = model.pnl[PnlSnapshot.portfolioScope] {
            var column = 0
            for (label, value, style) in [
                ("equity", Formats.fixed(pnl.equity, places: 2), CellStyle(.normal, bold: true)),
                ("cash", p.width >= 100 ? Formats.fixed(pnl.cash, places: 2) : "", .normal),
                ("today", pnl.pnlToday.map { Formats.signed($0) } ?? "", Formats.style(for: pnl.pnlToday ?? .zero)),
                ("realized", Formats.signed(pnl.realizedPnl), Formats.style(for: pnl.realizedPnl)),
                ("unrealized", Formats.signed(pnl.unrealizedPnl), Formats.style(for: pnl.unrealizedPnl)),
                ("fees", Formats.fixed(pnl.fees, places: 2), .normal),
            ] where !value.isEmpty {
                p.text(start + 1, column, label + " ", CellStyle(.muted))
                column += label.count + 1
                p.text(start + 1, column, value, style)
                column += DisplayWidth.of(value) + 3
            }
        } else {
            p.text(start + 1, 0, "no portfolio PnL yet (pnl.portfolio)", CellStyle(.muted))
        }
        let open = model.positions.values.filter { !$0.qty.isZero }
        let strategies = Set(open.map(\.strategyId)).count
        var column = 0
        let positions = "positions \(open.count) open in \(strategies) strateg\(strategies == 1 ? "y" : "ies")"
        p.text(start + 2, column, positions)
        column += DisplayWidth.of(positions) + 3
        p.text(start + 2, column, "kill switch ", CellStyle(.muted))
        column += 12
        let (state, style) = killSwitchSummary(model)
        p.text(start + 2, column, state, style)
        column += DisplayWidth.of(state) + 3
        let bus = model.bus.connected ? "bus up" : "bus DOWN"
        p.text(start + 2, column, bus, model.bus.connected ? CellStyle(.ok) : CellStyle(.warning))
        return start + 3
    }

    static func killSwitchSummary(_ model: ConsoleModel) -> (String, CellStyle) {
        guard let state = model.killSwitch else { return ("unknown (not read yet)", CellStyle(.warning)) }
        return state.tripped ? ("TRIPPED", CellStyle(.tripped, bold: true)) : ("armed", CellStyle(.ok))
    }

    static func drawServices(_ model: ConsoleModel, _ services: [String], _ p: Painter, _ start: Int) {
        let header: [Column] = [
            .left("SERVICE", 16), .left("STATE", 9), .right("HB AGE", 7), .left("HOST/PID", 18),
            .left("COUNTERS", p.width - 54),
        ]
        p.row(
            start,
            header.map {
                var c = $0; c.style = CellStyle(.muted); return c
            })
        guard !services.isEmpty else {
            p.text(start + 1, 0, "no heartbeats yet (svc.heartbeat.*)", CellStyle(.muted))
            return
        }
        let offset = min(model.scroll[.overview] ?? 0, max(0, services.count - (p.bottom - start - 1)))
        var row = start + 1
        for name in services.dropFirst(offset) where row < p.bottom {
            guard let health = model.services[name] else { continue }
            let state = health.state(at: model.now)
            let stateStyle: CellStyle =
                switch state {
                case .up: CellStyle(.ok)
                case .degraded, .late: CellStyle(.warning)
                case .down: CellStyle(.down, bold: true)
                }
            let counters = health.keyCounters.map { "\($0.0)=\(Formats.count($0.1))" }.joined(separator: " ")
            p.row(
                row,
                [
                    .left(name, 16), .left(state.rawValue, 9, stateStyle),
                    .right(Formats.age(health.ageNanoseconds(at: model.now)), 7),
                    .left("\(health.heartbeat.host)/\(health.heartbeat.pid)", 18), .left(counters, p.width - 54),
                ])
            row += 1
        }
    }
}
