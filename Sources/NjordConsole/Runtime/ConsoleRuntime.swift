public import NjordCore
public import NjordTerminal

/// The console's loop on the UI thread: read keys, fold in what the bus link queued, redraw at
/// most every ``frameIntervalMilliseconds`` and only when the model changed, and carry out the
/// reactions keys return (the kill switch through the same ``KillSwitchService`` as the CLI).
public final class ConsoleRuntime {
    /// ~20 frames per second at most.
    public static let frameIntervalMilliseconds = 50

    public private(set) var model: ConsoleModel
    private let screen: any InteractiveScreen
    private let link: BusLink
    private let clock: any Clock
    private let killSwitchStore: KillSwitchFileStore
    private let authority: String
    public private(set) var frames = 0

    /// - Parameters:
    ///   - identity: `console:<user>@<host>`, the kill switch's reason and actor for trips from here.
    ///   - killSwitchStore: the local copy the CLI also writes (`var/run/njord`).
    ///   - authority: names the bus in kill switch readings, e.g. `redis:127.0.0.1:6479`.
    public init(
        screen: any InteractiveScreen, link: BusLink, clock: any Clock, identity: String,
        killSwitchStore: KillSwitchFileStore, authority: String, problems: [String] = []
    ) {
        self.screen = screen
        self.link = link
        self.clock = clock
        self.killSwitchStore = killSwitchStore
        self.authority = authority
        model = ConsoleModel(identity: identity, now: clock.now())
        model.bus.address = authority
        model.problems = problems
        if let first = problems.first {
            model.notice = problems.count == 1 ? first : "\(first) (+\(problems.count - 1) more)"
        }
    }

    /// Runs until `q` or `shouldStop()` (a signal); the caller restores the terminal afterwards.
    public func run(shouldStop: () -> Bool) {
        // The first frame goes out at once, before any key or event is waited for.
        step()
        ConsoleRenderer.render(model, on: screen)
        screen.present()
        frames += 1
        var drawn: UInt64? = model.revision
        var lastFrame = clock.monotonicNanoseconds()
        while !shouldStop() {
            if let key = screen.readKey(timeoutMilliseconds: Self.frameIntervalMilliseconds) {
                if !handle(key) { return }
                // Keys typed faster than frames (a paste, key repeat) are taken in one go.
                var burst = 0
                while burst < 64, let more = screen.readKey(timeoutMilliseconds: 0) {
                    if !handle(more) { return }
                    burst += 1
                }
            }
            step()
            let monotonic = clock.monotonicNanoseconds()
            if drawn != model.revision,
                monotonic &- lastFrame >= UInt64(Self.frameIntervalMilliseconds) * 1_000_000 || drawn == nil
            {
                ConsoleRenderer.render(model, on: screen)
                screen.present()
                frames += 1
                drawn = model.revision
                lastFrame = monotonic
            }
        }
    }

    /// Folds in what the link queued and moves the clock.
    public func step() {
        let now = clock.now()
        for event in link.drain() { ConsoleReducer.reduce(event, into: &model, at: now) }
        ConsoleReducer.tick(&model, at: now)
    }

    /// Handles one key; false when the console must quit.
    @discardableResult
    public func handle(_ key: TerminalKey) -> Bool {
        switch InputHandler.handle(key, model: &model) {
        case .quit: return false
        case .tripKillSwitch: tripKillSwitch()
        case .resetKillSwitch: resetKillSwitch()
        case .none, .redraw: break
        }
        return true
    }

    private func killSwitchService() -> KillSwitchService {
        KillSwitchService(
            bus: link.currentBus ?? UnreachableBus(reason: "the console is not connected to the bus"),
            fileStore: killSwitchStore, clock: clock, authority: authority, eventSource: "console")
    }

    func tripKillSwitch() {
        do {
            let outcome = try killSwitchService().trip(reason: model.identity, by: model.identity)
            let to = outcome.transition.to
            model.killSwitch = KillSwitchStateEvent(tripped: to.tripped, reason: to.reason, by: to.by, at: to.at)
            model.notice =
                outcome.busProblem.map { "TRIPPED in \(killSwitchStore.statePath) only: \($0)" }
                ?? (outcome.transition.changed ? "kill switch TRIPPED" : "kill switch was already tripped")
        } catch {
            model.notice = "kill switch trip FAILED: \(error)"
        }
        model.touch()
    }

    func resetKillSwitch() {
        do {
            let transition = try killSwitchService().reset(reason: "reset from \(model.identity)", by: model.identity)
            let to = transition.to
            model.killSwitch = KillSwitchStateEvent(tripped: to.tripped, reason: to.reason, by: to.by, at: to.at)
            model.notice = transition.changed ? "kill switch reset" : "kill switch was not tripped"
        } catch {
            model.notice = "kill switch reset refused: \(error)"
        }
        model.touch()
    }
}
