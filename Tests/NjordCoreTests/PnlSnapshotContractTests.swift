import NjordCore
import Testing

/// `pnl.snapshot`'s optional `pnl_today`: written only when known, read when present, absent in
/// older messages, and every other field still required.
@Suite struct PnlSnapshotContractTests {
    static let prefix =
        #"{"type":"pnl.snapshot","v":1,"id":"p:1","src":"p","seq":1,"ts":5,"rts":6,"data":"#

    func envelope(_ pnl: PnlSnapshot) -> EventEnvelope {
        EventEnvelope(
            id: "p:1", source: "p", sequence: 1, eventTime: Timestamp(nanosecondsSinceEpoch: 5),
            receiveTime: Timestamp(nanosecondsSinceEpoch: 6), payload: .pnlSnapshot(pnl))
    }

    @Test func pnlTodayIsWrittenAfterFeesAndReadBack() throws {
        let pnl = PnlSnapshot(
            scope: "portfolio", cash: try Fixed("9226.86"), equity: try Fixed("9999.83"),
            realizedPnl: try Fixed("-3.2175"), unrealizedPnl: try Fixed("0.095375"), fees: try Fixed("0.6183"),
            pnlToday: try Fixed("-0.17"))
        let wire = envelope(pnl).jsonString
        #expect(wire.hasSuffix(#""fees":"0.6183","pnl_today":"-0.17"}}"#), "\(wire)")
        #expect(try EventEnvelope(json: wire) == envelope(pnl))
    }

    @Test func withoutPnlTodayTheWireIsAsBeforeAndDecodesToNil() throws {
        let pnl = PnlSnapshot(
            scope: "sma_btc", cash: Fixed(1), equity: Fixed(2), realizedPnl: .zero, unrealizedPnl: Fixed(1),
            fees: .zero)
        let wire = envelope(pnl).jsonString
        #expect(!wire.contains("pnl_today"))
        let decoded = try EventEnvelope(json: wire)
        guard case .pnlSnapshot(let back) = decoded.payload else {
            Issue.record("not a pnl snapshot: \(decoded.payload)")
            return
        }
        #expect(back.pnlToday == nil)
    }

    @Test func nullPnlTodayReadsAsUnknownAndTheOtherFieldsStayRequired() throws {
        let null =
            Self.prefix
            + #"{"scope":"portfolio","cash":"1","equity":"1","realized_pnl":"0","unrealized_pnl":"0","fees":"0","pnl_today":null}}"#
        guard case .pnlSnapshot(let pnl) = try EventEnvelope(json: null).payload else {
            Issue.record("not a pnl snapshot")
            return
        }
        #expect(pnl.pnlToday == nil)
        let missingFees =
            Self.prefix
            + #"{"scope":"portfolio","cash":"1","equity":"1","realized_pnl":"0","unrealized_pnl":"0","pnl_today":"1"}}"#
        #expect(throws: ContractError.missingField(path: "data.fees")) { try EventEnvelope(json: missingFees) }
    }
}
