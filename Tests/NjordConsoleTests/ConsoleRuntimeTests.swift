import Foundation
import NjordConsole
import NjordCore
import Testing

/// The runtime over an in-process bus and the in-memory screen: events flow from the bus link into
/// the model, and a confirmed `K` trips the kill switch through the same service as the CLI.
@Suite struct ConsoleRuntimeTests {
    final class Fixture {
        let bus = InProcessBus()
        let link: BusLink
        let screen = MemoryScreen(rows: 24, columns: 80)
        let runDirectory: String
        let runtime: ConsoleRuntime

        init() {
            runDirectory =
                FileManager.default.temporaryDirectory.appendingPathComponent("njord-console-rt-\(UUID().uuidString)")
                .path
            let bus = self.bus
            link = BusLink(address: "inproc", keyPollMilliseconds: 20) { bus }
            runtime = ConsoleRuntime(
                screen: screen, link: link, clock: SystemClock(), identity: "console:ops@test",
                killSwitchStore: KillSwitchFileStore(runDirectory: runDirectory), authority: "inproc")
            link.start()
        }

        deinit {
            link.stop()
            try? FileManager.default.removeItem(atPath: runDirectory)
        }

        /// Steps the runtime until `condition` holds on its model, at most 5 s.
        func waitFor(_ condition: (ConsoleModel) -> Bool) -> Bool {
            let deadline = ConditionLock.deadline(afterMilliseconds: 5_000)
            let gate = ConditionLock()
            while SystemClock().monotonicNanoseconds() < deadline {
                runtime.step()
                if condition(runtime.model) { return true }
                gate.withLock { _ = gate.wait(until: ConditionLock.deadline(afterMilliseconds: 5)) }
            }
            return false
        }
    }

    @Test func busEventsReachTheModelThroughTheLink() throws {
        let f = Fixture()
        #expect(f.waitFor { $0.bus.connected })
        let delivered = f.waitFor { model in
            if case .message(let m) = ConsoleSamples.trade("BTCUSDT", "123.5", "1", .buy, seq: 1) {
                try? f.bus.publish(m.payload, on: m.topic)
            }
            return model.markets["BTCUSDT"]?.last == ConsoleSamples.f("123.5")
        }
        #expect(delivered)
        // The absent key reads as never tripped.
        #expect(f.waitFor { $0.killSwitch == KillSwitchStateEvent(tripped: false, reason: nil, by: nil, at: nil) })
    }

    @Test func confirmedTripWritesTheKeyAndTheFileAsTheCommandLineDoes() throws {
        let f = Fixture()
        #expect(f.waitFor { $0.bus.connected })
        #expect(f.runtime.handle(.character("K")))
        #expect(f.runtime.model.dialog == .confirmTrip)
        #expect(f.runtime.handle(.character("y")))
        #expect(f.runtime.model.isTripped)
        let key = try #require(try f.bus.value(forKey: Topics.killSwitchKey))
        guard case .killSwitchState(let state) = try EventEnvelope(json: key).payload else {
            Issue.record("the key holds no kill switch state")
            return
        }
        #expect(state.tripped)
        #expect(state.reason == "console:ops@test")
        #expect(state.by == "console:ops@test")
        let file = KillSwitchFileStore(runDirectory: f.runDirectory).read()
        #expect(file.state.tripped)

        // Reset from the Risk screen needs the word.
        #expect(f.runtime.handle(.character("4")))
        for key in ["R", "R", "E", "S", "E", "T"] { f.runtime.handle(.character(Character(key))) }
        #expect(f.runtime.handle(.enter))
        #expect(!f.runtime.model.isTripped)
        #expect(KillSwitchFileStore(runDirectory: f.runDirectory).read().state.tripped == false)
    }

    @Test func aCancelledTripChangesNothing() throws {
        let f = Fixture()
        #expect(f.waitFor { $0.bus.connected })
        f.runtime.handle(.character("K"))
        f.runtime.handle(.character("n"))
        #expect(try f.bus.value(forKey: Topics.killSwitchKey) == nil)
        #expect(!f.runtime.model.isTripped)
    }

    @Test func theLoopDrawsOnlyWhenTheModelChangedAndQuitsOnQ() {
        let f = Fixture()
        f.screen.pendingKeys = [.character("2"), .character("q")]
        f.runtime.run { false }
        // One frame at start; the screen switch and the quit come before the next frame is due.
        #expect(f.runtime.frames >= 1 && f.runtime.frames <= 2)
        #expect(f.screen.presented == f.runtime.frames)
        #expect(f.screen.text.contains("NJORD"))
    }
}
