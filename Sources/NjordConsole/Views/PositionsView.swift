import NjordCore
import NjordTerminal

/// Screen 3: positions per strategy and symbol (from `position.*`), open orders and the latest
/// fills (from `flow.*`).
enum PositionsView {
    static func draw(_ model: ConsoleModel, _ p: Painter) {
        let positions = model.positions.keys.sorted().compactMap { model.positions[$0] }
            .filter { model.matchesFilter("\($0.strategyId) \($0.symbol)") }
        let orders = model.orders.open.filter { model.matchesFilter("\($0.intent.strategyId) \($0.intent.symbol)") }
        let fills = model.fills.elements.reversed().filter {
            model.matchesFilter("\($0.fill.strategyId) \($0.fill.symbol)")
        }
        let share = max(1, (p.height - 6) / 3)
        let offset = model.scroll[.positions] ?? 0
        var row = p.top
        p.section(row, "Positions (\(positions.count))")
        let m = max(8, (p.width - 29) / 6)
        p.row(
            row + 1,
            [
                .left("STRATEGY", 12), .left("SYMBOL", 10), .right("QTY", m), .right("AVG", m), .right("MARK", m),
                .right("UNREAL", m), .right("REAL", m), .right("FEES", m),
            ].map(muted))
        row += 2
        if positions.isEmpty { p.text(row, 0, "no positions yet (position.<strategy>)", CellStyle(.muted)) }
        for position in positions.dropFirst(min(offset, max(0, positions.count - share))).prefix(share) {
            p.row(
                row,
                [
                    .left(position.strategyId, 12), .left(position.symbol, 10), .right(position.qty.description, m),
                    .right(Formats.fixed(position.avgPrice, places: 2), m),
                    .right(position.mark.map { Formats.fixed($0, places: 2) } ?? "—", m),
                    .right(Formats.signed(position.unrealizedPnl), m, Formats.style(for: position.unrealizedPnl)),
                    .right(Formats.signed(position.realizedPnl), m, Formats.style(for: position.realizedPnl)),
                    .right(Formats.fixed(position.fees, places: 2), m),
                ])
            row += 1
        }
        row = p.top + 2 + share
        p.section(row, "Open orders (\(orders.count))")
        let o = max(7, (p.width - 59) / 3)
        p.row(
            row + 1,
            [
                .left("STRATEGY", 12), .left("CLIENT ID", 18), .left("SYMBOL", 10), .left("SIDE", 4), .right("QTY", o),
                .right("PRICE", o), .left("STAGE", 8), .right("FILLED", o),
            ].map(muted))
        row += 2
        if orders.isEmpty { p.text(row, 0, "no open orders (flow.intents, flow.events)", CellStyle(.muted)) }
        for order in orders.prefix(share) {
            let intent = order.intent
            p.row(
                row,
                [
                    .left(intent.strategyId, 12), .left(intent.clientOrderId, 18), .left(intent.symbol, 10),
                    .left(intent.side.rawValue, 4, intent.side == .buy ? CellStyle(.up) : CellStyle(.down)),
                    .right(intent.quantity?.description ?? intent.quoteAmount.map { "\($0)q" } ?? "—", o),
                    .right(intent.limitPrice?.description ?? "market", o), .left(order.stage.rawValue, 8),
                    .right(order.filled.description, o),
                ])
            row += 1
        }
        row = p.top + 4 + 2 * share
        p.section(row, "Latest fills")
        p.row(
            row + 1,
            [
                .left("TIME", 8), .left("STRATEGY", 12), .left("SYMBOL", 10), .left("SIDE", 4), .right("QTY", m),
                .right("PRICE", m), .right("FEE", m), .left("LIQ", 5),
            ].map(muted))
        row += 2
        if fills.isEmpty { p.text(row, 0, "no fills yet (flow.fills)", CellStyle(.muted)) }
        for entry in fills where row < p.bottom {
            let fill = entry.fill
            p.row(
                row,
                [
                    .left(Formats.clock(entry.at), 8), .left(fill.strategyId, 12), .left(fill.symbol, 10),
                    .left(fill.side.rawValue, 4, fill.side == .buy ? CellStyle(.up) : CellStyle(.down)),
                    .right(fill.qty.description, m), .right(fill.price.description, m),
                    .right("\(fill.fee) \(fill.feeAsset)", m), .left(fill.liquidity.rawValue, 5),
                ])
            row += 1
        }
    }
}

/// A header cell: the same column, muted.
func muted(_ column: Column) -> Column {
    var c = column
    c.style = CellStyle(.muted)
    return c
}
