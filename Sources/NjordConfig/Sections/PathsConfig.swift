/// `paths:` — where the stack writes. Relative paths are relative to the working directory (the repo
/// root in development).
public struct PathsConfig: Sendable, Equatable {
    public var logDir: String
    public var journalDir: String
    public var runDir: String
    public var dataDir: String

    public init(
        logDir: String = "var/log/njord", journalDir: String = "var/log/njord/journal",
        runDir: String = "var/run/njord", dataDir: String = "var/data"
    ) {
        self.logDir = logDir
        self.journalDir = journalDir
        self.runDir = runDir
        self.dataDir = dataDir
    }

    static func read(_ r: MappingReader) -> PathsConfig? {
        let defaults = PathsConfig()
        let log = r.string("log_dir", default: defaults.logDir)
        let journal = r.string("journal_dir", default: defaults.journalDir)
        let run = r.string("run_dir", default: defaults.runDir)
        let data = r.string("data_dir", default: defaults.dataDir)
        r.finish()
        guard let log, let journal, let run, let data else { return nil }
        return PathsConfig(logDir: log, journalDir: journal, runDir: run, dataDir: data)
    }
}
