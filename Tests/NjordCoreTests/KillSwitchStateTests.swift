import NjordCore
import Testing

struct KillSwitchStateTests {
    let t1 = Timestamp(millisecondsSinceEpoch: 1_723_161_905_800)
    let t2 = Timestamp(millisecondsSinceEpoch: 1_723_161_999_000)

    @Test func tripMovesAnUntrippedSwitchToTripped() {
        let transition = KillSwitchState.neverTripped.trip(reason: "daily loss", by: "risk", at: t1)
        #expect(transition.changed)
        #expect(transition.from == .neverTripped)
        #expect(transition.to == KillSwitchState(tripped: true, reason: "daily loss", by: "risk", at: t1))
    }

    @Test func secondTripKeepsTheOriginalTrip() {
        let first = KillSwitchState.neverTripped.trip(reason: "daily loss", by: "risk", at: t1).to
        let second = first.trip(reason: "operator panic", by: "cli:ops@box", at: t2)
        #expect(!second.changed)
        #expect(second.to == first)
        #expect(second.reason == "operator panic")
    }

    @Test func tripWithBlankReasonStillTrips() {
        let transition = KillSwitchState.neverTripped.trip(reason: "  ", by: "", at: t1)
        #expect(transition.to.tripped)
        #expect(transition.to.reason == "unspecified")
    }

    @Test func resetRequiresANonBlankReason() {
        let tripped = KillSwitchState.neverTripped.trip(reason: "x", by: "risk", at: t1).to
        #expect(throws: KillSwitchError.resetNeedsReason) { try tripped.reset(reason: "", by: "ops", at: t2) }
        #expect(throws: KillSwitchError.resetNeedsReason) {
            try tripped.reset(reason: " \n", by: "ops", at: t2)
        }
        #expect(throws: KillSwitchError.resetNeedsActor) {
            try tripped.reset(reason: "checked", by: " ", at: t2)
        }
    }

    @Test func resetUntripsAndRecordsWhoAndWhy() throws {
        let tripped = KillSwitchState.neverTripped.trip(reason: "x", by: "risk", at: t1).to
        let transition = try tripped.reset(reason: "loss reviewed", by: "cli:ops@box", at: t2)
        #expect(transition.changed)
        #expect(
            transition.to
                == KillSwitchState(tripped: false, reason: "loss reviewed", by: "cli:ops@box", at: t2))
    }

    @Test func resetOfAnUntrippedSwitchChangesNothing() throws {
        let transition = try KillSwitchState.neverTripped.reset(reason: "just in case", by: "ops", at: t1)
        #expect(!transition.changed)
        #expect(transition.to == .neverTripped)
        #expect(transition.action == .reset)
    }
}
