public import NjordCore
import NjordRisk

/// Folds the journals' order flow into a ``ReconcileReport``. A value fed envelopes in any order and
/// from any journal (the risk engine's and the paper trader's hold copies of the same fills); each
/// event counts once, by its envelope id.
///
/// Positions: the latest `position.snapshot` (by event time) of each strategy and symbol must equal the
/// net quantity of its fills (buys minus sells); a position with fills but no snapshot, or a snapshot
/// without fills, must be flat. With no snapshots at all, positions match when every fill folds
/// consistently: a positive quantity at a positive price.
public struct JournalReconciler: Sendable {
    private var seen: Set<String> = []
    private var intentIds: Set<String> = []
    private var decisions: [(id: String, time: Timestamp, decision: RiskDecision)] = []
    private var fills: [(id: String, fill: Fill)] = []
    private var snapshots: [PositionKey: (time: Timestamp, quantity: Fixed)] = [:]
    /// Trips and resets that changed the switch, in time order when ``report()`` runs.
    private var switchChanges: [(time: Timestamp, tripped: Bool)] = []

    public init() {}

    /// Takes one journaled event; other event types are ignored.
    public mutating func add(_ envelope: EventEnvelope) {
        guard seen.insert(envelope.id).inserted else { return }
        switch envelope.payload {
        case .orderIntent: intentIds.insert(envelope.id)
        case .riskDecision(let decision): decisions.append((envelope.id, envelope.eventTime, decision))
        case .fill(let fill): fills.append((envelope.id, fill))
        case .positionSnapshot(let snapshot):
            let key = PositionKey(strategyId: snapshot.strategyId, symbol: snapshot.symbol)
            if let existing = snapshots[key], existing.time > envelope.eventTime { return }
            snapshots[key] = (envelope.eventTime, snapshot.qty)
        default: return
        }
    }

    /// Takes one kill switch transition that changed the state (the history also records requests
    /// that changed nothing; pass only changes).
    public mutating func addKillSwitchChange(at time: Timestamp, tripped: Bool) {
        switchChanges.append((time, tripped))
    }

    public func report() -> ReconcileReport {
        var report = ReconcileReport()
        report.intents = intentIds.count
        report.approved = decisions.filter { $0.decision.approved }.count
        report.denied = decisions.count - report.approved
        report.fills = fills.count

        let orphanDecisions = decisions.filter { !intentIds.contains($0.decision.intentId) }.map(\.id)
        if !orphanDecisions.isEmpty {
            report.problems.append(Self.problem("decisions without an intent", orphanDecisions))
        }
        let approvedOrders = Set(
            decisions.filter { $0.decision.approved }.map {
                OrderKey($0.decision.strategyId, $0.decision.clientOrderId)
            })
        let unapprovedFills = fills.filter {
            !approvedOrders.contains(OrderKey($0.fill.strategyId, $0.fill.clientOrderId))
        }.map(\.id)
        if !unapprovedFills.isEmpty {
            report.problems.append(Self.problem("fills without an approved decision", unapprovedFills))
        }
        let late = approvalsAfterTrip()
        report.approvedAfterTrip = late.count
        if !late.isEmpty {
            report.problems.append(
                Self.problem(
                    "approvals more than \(ReconcileReport.tripGraceMilliseconds) ms into a trip", late))
        }
        let mismatched = positionMismatches()
        report.positionsMatchFills = mismatched.isEmpty
        if !mismatched.isEmpty {
            report.problems.append(Self.problem("positions not equal to their fills", mismatched))
        }
        return report
    }

    /// Ids of approvals decided while the switch was tripped, later than the grace after the trip.
    private func approvalsAfterTrip() -> [String] {
        let changes = switchChanges.sorted { $0.time < $1.time }
        let grace = ReconcileReport.tripGraceMilliseconds * 1_000_000
        return decisions.filter { entry in
            guard entry.decision.approved else { return false }
            // The latest change at or before the decision: a trip whose grace has run out.
            guard let last = changes.last(where: { $0.time <= entry.time }), last.tripped else { return false }
            return entry.time.nanosecondsSinceEpoch - last.time.nanosecondsSinceEpoch > grace
        }.map(\.id)
    }

    private func positionMismatches() -> [String] {
        if snapshots.isEmpty {
            return fills.filter { !$0.fill.qty.isPositive || !$0.fill.price.isPositive }.map(\.id)
        }
        var folded: [PositionKey: Fixed] = [:]
        for (_, fill) in fills {
            let key = PositionKey(strategyId: fill.strategyId, symbol: fill.symbol)
            folded[key, default: .zero] += fill.side == .buy ? fill.qty : -fill.qty
        }
        var mismatched: [String] = []
        for key in Set(folded.keys).union(snapshots.keys) {
            let fromFills = folded[key] ?? .zero
            let fromSnapshot = snapshots[key]?.quantity ?? .zero
            if fromFills != fromSnapshot {
                mismatched.append("\(key.strategyId)/\(key.symbol): snapshot \(fromSnapshot), fills \(fromFills)")
            }
        }
        return mismatched.sorted()
    }

    private static func problem(_ what: String, _ ids: [String]) -> String {
        let examples = ids.prefix(5).joined(separator: ", ")
        return "\(ids.count) \(what): \(examples)\(ids.count > 5 ? ", …" : "")"
    }
}

/// An order as fills and decisions both name it.
private struct OrderKey: Hashable {
    var strategyId: String
    var clientOrderId: String

    init(_ strategyId: String, _ clientOrderId: String) {
        self.strategyId = strategyId
        self.clientOrderId = clientOrderId
    }
}
