public import NjordConfig
import NjordCore
public import NjordRedis

/// The paper trader for embedding (benchmarks such as a tick-to-fill pipeline run): the same daemon
/// as `njord-paper-trader`, run on the caller's thread over the caller's bus.
public enum PaperTraderService {
    /// Runs until `shouldStop` returns true (checked every loop turn, at most ~5 ms apart), then
    /// flushes and closes its journal. Throws when the `paper` section cannot drive the fill model,
    /// the journal fails, or Redis is unreachable at start.
    public static func run(
        bus: RedisBus, journalRoot: String, runDirectory: String, paper: PaperConfig = PaperConfig(),
        symbols: [String] = [], shouldStop: () -> Bool
    ) throws {
        let killSwitch = KillSwitchService(
            bus: bus, fileStore: KillSwitchFileStore(runDirectory: runDirectory), clock: SystemClock(),
            authority: "redis", eventSource: PaperTraderDaemon.service)
        let daemon = try PaperTraderDaemon(
            bus: bus, journalRoot: journalRoot, killSwitch: killSwitch, settings: PaperTraderSettings(config: paper),
            symbols: symbols, streamTail: bus)
        try daemon.run(shouldStop: shouldStop)
    }
}
