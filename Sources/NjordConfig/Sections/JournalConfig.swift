/// `journal:` — how hard the journal pushes each record to disk.
public struct JournalConfig: Sendable, Equatable {
    public var durability: JournalDurability
    /// The longest a record waits for its group commit; only used with `group_commit`.
    public var groupCommitMs: Int

    public init(durability: JournalDurability = .groupCommit, groupCommitMs: Int = 5) {
        self.durability = durability
        self.groupCommitMs = groupCommitMs
    }

    static func read(_ r: MappingReader) -> JournalConfig? {
        let durability: JournalDurability? = r.word("durability", default: .groupCommit)
        let ms = r.int("group_commit_ms", range: 1...1000, default: 5)
        r.finish()
        guard let durability, let ms else { return nil }
        return JournalConfig(durability: durability, groupCommitMs: ms)
    }
}

/// When the journal calls `fsync`.
public enum JournalDurability: String, Sendable, CaseIterable {
    /// After every record: slowest, loses nothing.
    case fsyncEach = "fsync_each"
    /// Once per batch of records collected for at most `group_commit_ms`.
    case groupCommit = "group_commit"
}
