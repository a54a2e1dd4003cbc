import Foundation

/// What `njord reconcile --json` prints: the order flow the journals hold, and whether it adds up.
public struct ReconcileReport: Equatable, Sendable {
    /// Distinct `order.intent` events.
    public var intents = 0
    /// Distinct `risk.decision` events that approve or deny.
    public var approved = 0
    public var denied = 0
    /// Distinct `order.fill` events.
    public var fills = 0
    /// Approvals decided more than ``tripGraceMilliseconds`` after a trip while the switch stayed tripped.
    public var approvedAfterTrip = 0
    /// The latest journaled position snapshots equal the fold of the fills (see ``JournalReconciler``).
    public var positionsMatchFills = true
    /// Why `ok` is false, one line per kind of problem (with up to five example ids each).
    public var problems: [String] = []

    /// How late after a trip an approval may still be decided (the kill switch's reaction bound).
    public static let tripGraceMilliseconds: Int64 = 100

    public init() {}

    /// Every fill has an approved decision, every decision an intent, positions match, and nothing
    /// was approved after a trip.
    public var ok: Bool { problems.isEmpty && positionsMatchFills && approvedAfterTrip == 0 }

    /// One JSON object on one line, keys in a fixed order.
    public var json: String {
        let problemList = problems.map { "\"\(Self.escaped($0))\"" }.joined(separator: ",")
        return "{\"intents\":\(intents),\"approved\":\(approved),\"denied\":\(denied),\"fills\":\(fills),"
            + "\"approved_after_trip\":\(approvedAfterTrip),\"positions_match_fills\":\(positionsMatchFills),"
            + "\"ok\":\(ok),\"problems\":[\(problemList)]}"
    }

    private static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
