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
    private let library: (any BacktestLibrary)?
    private let logFiles: (any LogFileSource)?
    /// When the log files were last polled (monotonic ns).
    private var logFilesPolledAt: UInt64?
    /// When the library was last polled (monotonic ns), and what it saw.
    private var libraryReadAt: UInt64?
    private var lastSnapshot: BacktestLibrarySnapshot?
    public private(set) var frames = 0

    /// How often the Backtests screen polls the library (a few Redis round trips): twice a second.
    public static let libraryIntervalNanoseconds: UInt64 = 500_000_000
    /// How often the local log files are polled for new lines.
    public static let logFilePollNanoseconds: UInt64 = 500_000_000

    /// - Parameters:
    ///   - identity: `console:<user>@<host>`, the kill switch's reason and actor for trips from here.
    ///   - killSwitchStore: the local copy the CLI also writes (`var/run/njord`).
    ///   - authority: names the bus in kill switch readings, e.g. `redis:127.0.0.1:6479`.
    ///   - library: the results index, running jobs and launches for the Backtests screen; without
    ///     one the screen shows only the progress topic.
    ///   - logFiles: the tail of the services' log files on this machine; nil shows only `log.*`.
    public init(
        screen: any InteractiveScreen, link: BusLink, clock: any Clock, identity: String,
        killSwitchStore: KillSwitchFileStore, authority: String, problems: [String] = [],
        library: (any BacktestLibrary)? = nil, logFiles: (any LogFileSource)? = nil
    ) {
        self.library = library
        self.logFiles = logFiles
        self.screen = screen
        self.link = link
        self.clock = clock
        self.killSwitchStore = killSwitchStore
        self.authority = authority
        model = ConsoleModel(identity: identity, now: clock.now())
        model.bus.address = authority
        model.problems = problems
        model.backtestStrategies = library?.strategyKinds ?? []
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
        readLibrary(force: false)
        pollLogFiles(at: now)
    }

    /// Folds in the log files' new lines, at most every ``logFilePollNanoseconds``.
    func pollLogFiles(at now: Timestamp) {
        guard let logFiles else { return }
        let monotonic = clock.monotonicNanoseconds()
        if let last = logFilesPolledAt, monotonic &- last < Self.logFilePollNanoseconds { return }
        logFilesPolledAt = monotonic
        let batch = logFiles.poll()
        if !batch.isEmpty { ConsoleReducer.reduce(.logFiles(batch), into: &model, at: now) }
    }

    /// Polls the library while the Backtests screen shows or jobs launched from here run (and once
    /// at start), at most every ``libraryIntervalNanoseconds`` unless forced. A poll that saw the
    /// same as the last one changes nothing, so it costs no frame.
    public func readLibrary(force: Bool) {
        guard let library else { return }
        let browser = model.backtests
        let wanted = model.screen == .backtests || browser.runningJobs > 0 || browser.runs == nil
        let monotonic = clock.monotonicNanoseconds()
        if !force {
            guard wanted else { return }
            if let last = libraryReadAt, monotonic &- last < Self.libraryIntervalNanoseconds { return }
        }
        libraryReadAt = monotonic
        do {
            let snapshot = try library.poll()
            if snapshot != lastSnapshot || browser.problem != nil || browser.runs == nil {
                lastSnapshot = snapshot
                ConsoleReducer.reduce(.backtestLibrary(snapshot), into: &model, at: clock.now())
            }
        } catch {
            let why = "\(error)"
            if browser.problem != why {
                ConsoleReducer.reduce(.backtestLibraryUnreadable(why), into: &model, at: clock.now())
            }
        }
    }

    /// Queues the form's jobs through the library; the form closes on success and shows why on failure.
    func launchBacktest() {
        guard let library, var form = model.backtests.form else { return }
        switch form.request() {
        case .failure(let problem):
            form.problem = problem.description
            model.backtests.form = form
        case .success(let request):
            do {
                let launched = try library.launch(request)
                model.backtests.jobs.append(launched)
                if model.backtests.jobs.count > BacktestBrowser.maxJobs { model.backtests.jobs.removeFirst() }
                model.backtests.form = nil
                let jobs = launched.jobIds.count == 1 ? "1 job" : "\(launched.jobIds.count) jobs"
                let worker =
                    launched.workerPid.map { "started njord-worker pid \($0), log \(launched.workerLog ?? "—")" }
                    ?? "a worker is alive"
                model.notice = "queued \(launched.id): \(jobs); \(worker)"
                // The next step polls at once, so the job list does not wait for the interval.
                libraryReadAt = nil
            } catch {
                form.problem = "launch failed: \(error)"
                model.backtests.form = form
            }
        }
        model.touch()
    }

    func openRun(_ id: String) {
        guard let library else { return }
        if let detail = library.detail(of: id) {
            model.backtests.detail = detail
        } else {
            model.notice = "result \(id) cannot be read"
        }
        model.touch()
    }

    /// Handles one key; false when the console must quit.
    @discardableResult
    public func handle(_ key: TerminalKey) -> Bool {
        switch InputHandler.handle(key, model: &model) {
        case .quit: return false
        case .tripKillSwitch: tripKillSwitch()
        case .resetKillSwitch: resetKillSwitch()
        case .launchBacktest: launchBacktest()
        case .openRun(let id): openRun(id)
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
