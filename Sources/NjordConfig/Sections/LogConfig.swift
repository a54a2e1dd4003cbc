/// `log:` — the minimum level written.
public struct LogConfig: Sendable, Equatable {
    public var level: LogLevelName

    public init(level: LogLevelName = .info) { self.level = level }

    static func read(_ r: MappingReader) -> LogConfig? {
        let level: LogLevelName? = r.word("level", default: .info)
        r.finish()
        return level.map(LogConfig.init)
    }
}

/// swift-log's level names (NjordConfig does not depend on swift-log; `rawValue` matches
/// `Logger.Level.rawValue`).
public enum LogLevelName: String, Sendable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}
