import NjordCore
import Testing

struct KillSwitchResolutionTests {
    let t1 = Timestamp(millisecondsSinceEpoch: 1_723_161_905_000)
    let t2 = Timestamp(millisecondsSinceEpoch: 1_723_161_999_000)
    let authority = "redis:127.0.0.1:6479"
    let fileSource = "file:/run/killswitch.json"

    func file(_ state: KillSwitchState, problem: String? = nil) -> KillSwitchReading {
        KillSwitchReading(state: state, source: fileSource, problem: problem)
    }

    var tripped1: KillSwitchState { KillSwitchState(tripped: true, reason: "loss", by: "risk", at: t1) }
    var tripped2: KillSwitchState { KillSwitchState(tripped: true, reason: "outage", by: "ops", at: t2) }
    var reset1: KillSwitchState { KillSwitchState(tripped: false, reason: "ok", by: "ops", at: t1) }
    var reset2: KillSwitchState { KillSwitchState(tripped: false, reason: "ok", by: "ops", at: t2) }

    @Test func bothAbsentIsNeverTrippedAndNeedsNoRestore() {
        let r = KillSwitchResolution.resolve(key: .absent, file: file(.neverTripped), authority: authority)
        #expect(r.reading == KillSwitchReading(state: .neverTripped, source: authority))
        #expect(r.restore == nil)
        #expect(r.reachable)
    }

    @Test func absentKeyWithATrippedFileIsTrippedAndRestoresTheKey() {
        let r = KillSwitchResolution.resolve(key: .absent, file: file(tripped1), authority: authority)
        #expect(r.reading.state == tripped1)
        #expect(r.reading.source == fileSource)
        #expect(r.restore == tripped1)
        #expect(!r.keyInSync)
    }

    @Test func theKeyIsAuthoritativeOverAnOlderFile() {
        let r = KillSwitchResolution.resolve(key: .state(reset2), file: file(tripped1), authority: authority)
        #expect(r.reading == KillSwitchReading(state: reset2, source: authority))
        #expect(r.restore == nil)
        #expect(r.keyInSync)
    }

    @Test func aFileTripNewerThanTheKeyWinsAndIsCarriedToTheKey() {
        let r = KillSwitchResolution.resolve(key: .state(reset1), file: file(tripped2), authority: authority)
        #expect(r.reading.state == tripped2)
        #expect(r.restore == tripped2)
    }

    @Test func anUnreachableBusFailsClosedWithAReasonNamingRedis() {
        let r = KillSwitchResolution.resolve(
            key: .unreachable("bus disconnected: connection refused"), file: file(.neverTripped), authority: authority)
        #expect(r.reading.state.tripped)
        #expect(r.reading.source == authority)
        #expect(r.reading.problem == "redis unreachable: bus disconnected: connection refused")
        #expect(r.reading.state.reason?.hasPrefix("redis unreachable: ") == true)
        #expect(!r.reachable)
        #expect(r.base == .neverTripped, "a trip while unreachable starts from the file's state")
    }

    @Test func anUnreachableBusKeepsTheFilesOwnTripDetails() {
        let r = KillSwitchResolution.resolve(key: .unreachable("timeout"), file: file(tripped1), authority: authority)
        #expect(r.reading.state == tripped1)
        #expect(r.reading.problem == "redis unreachable: timeout")
    }

    @Test func aCorruptKeyFailsClosedAndIsNotRestoredOver() {
        let r = KillSwitchResolution.resolve(
            key: .corrupt("v: missing field"), file: file(reset1), authority: authority)
        #expect(r.reading.state.tripped)
        #expect(r.reading.problem?.contains("corrupt: v: missing field") == true)
        #expect(r.reachable)
        #expect(!r.keyInSync)
        #expect(r.restore == nil)
    }

    @Test func aCorruptFileWithAbsentKeyIsTrippedButNotCopiedToTheKey() {
        let broken = file(
            KillSwitchState(tripped: true, reason: "corrupt; failing closed", by: "killswitch-store"),
            problem: "corrupt")
        let r = KillSwitchResolution.resolve(key: .absent, file: broken, authority: authority)
        #expect(r.reading.state.tripped)
        #expect(r.restore == nil)
    }
}
