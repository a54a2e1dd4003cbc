public import NjordConfig
public import NjordJournal

extension NjordJournal.JournalDurability {
    /// The most records an order-flow journal leaves unsynced under `group_commit`, whatever the interval.
    public static let orderFlowMaxUnsynced = 4_096

    /// The order-flow daemons' journal mode for `journal:` — `fsync_each`: every record
    /// fdatasync'd before it is forwarded; `group_commit`: every record written to the file
    /// (`write(2)`, safe from kill -9) before it is forwarded, fdatasync'd at most
    /// `group_commit_ms` later, after forwarding (power loss can lose that last interval).
    public init(orderFlow config: JournalConfig) {
        switch config.durability {
        case .fsyncEach:
            self = .fsyncEachEvent
        case .groupCommit:
            self = .writeThrough(
                syncIntervalNanoseconds: UInt64(max(1, config.groupCommitMs)) * 1_000_000,
                maxUnsynced: Self.orderFlowMaxUnsynced)
        }
    }

    /// The order-flow mode of the default `journal:` section (`group_commit`, 5 ms).
    public static var orderFlowDefault: Self { Self(orderFlow: JournalConfig()) }
}
