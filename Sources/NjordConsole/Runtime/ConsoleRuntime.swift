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
    /// When the run folders and the launched jobs' processes were last looked at (monotonic ns).
    private var libraryReadAt: UInt64?
    private var launches = 0
    public private(set) var frames = 0

    /// How often the Backtests screen re-reads the run folders and checks its jobs' processes.
    public static let libraryIntervalNanoseconds: UInt64 = 2_000_000_000
    /// How often the local log files are polled for new lines.
    public static let logFilePollNanoseconds: UInt64 = 500_000_000

    /// - Parameters:
    ///   - identity: `console:<user>@<host>`, the kill switch's reason and actor for trips from here.
    ///   - killSwitchStore: the local copy the CLI also writes (`var/run/njord`).
    ///   - authority: names the bus in kill switch readings, e.g. `redis:127.0.0.1:6479`.
    ///   - library: run folders and detached launches for the Backtests screen; nil leaves it to the bus.
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

    /// Re-reads the run folders (while the Backtests screen shows) and whether launched jobs still
    /// run, at most every ``libraryIntervalNanoseconds`` unless forced.
    public func readLibrary(force: Bool) {
        guard let library else { return }
        let monotonic = clock.monotonicNanoseconds()
        if !force, let last = libraryReadAt, monotonic &- last < Self.libraryIntervalNanoseconds { return }
        libraryReadAt = monotonic
        var browser = model.backtests
        for i in browser.jobs.indices where browser.jobs[i].running {
            browser.jobs[i].running = library.isRunning(pid: browser.jobs[i].pid)
        }
        if model.screen == .backtests || browser.runs == nil { browser.runs = library.listRuns() }
        if browser != model.backtests {
            model.backtests = browser
            model.touch()
        }
    }

    /// Launches the form's run detached; the form closes on success and shows why on failure.
    func launchBacktest() {
        guard let library, var form = model.backtests.form else { return }
        launches += 1
        let runId = "console-\(Self.runStamp(clock.now()))-\(launches)"
        switch form.request(runId: runId) {
        case .failure(let problem):
            form.problem = problem.description
            model.backtests.form = form
        case .success(let request):
            do {
                let job = try library.launch(request)
                model.backtests.jobs.append(job)
                if model.backtests.jobs.count > BacktestBrowser.maxJobs { model.backtests.jobs.removeFirst() }
                model.backtests.form = nil
                model.notice = "launched \(job.runId) (pid \(job.pid)); log \(job.logPath)"
            } catch {
                form.problem = "launch failed: \(error)"
                model.backtests.form = form
            }
        }
        model.touch()
    }

    /// `20240809T000505Z` style, from the console's clock (UTC).
    static func runStamp(_ time: Timestamp) -> String {
        let iso = time.iso8601  // 2024-08-09T00:05:05.800Z
        return String(iso.filter { $0 != "-" && $0 != ":" }.prefix(15)) + "Z"
    }

    func openRun(_ id: String) {
        guard let library else { return }
        if let detail = library.detail(of: id, points: max(2, (screen.columns - 12) * 2)) {
            model.backtests.detail = detail
        } else {
            model.notice = "run \(id) cannot be read"
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
