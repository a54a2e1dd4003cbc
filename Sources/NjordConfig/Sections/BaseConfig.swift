/// Everything in `base.yaml`: deployment, bus, paths, venues, risk limits, journal, logging, the
/// paper trader and the order path's wake-up latency.
public struct BaseConfig: Sendable, Equatable {
    public var app: AppConfig
    public var redis: RedisConfig
    public var paths: PathsConfig
    public var venues: VenuesConfig
    public var risk: RiskConfig
    public var riskProfiles: RiskProfiles
    public var journal: JournalConfig
    public var log: LogConfig
    public var paper: PaperConfig
    public var latency: LatencyConfig

    public init(
        app: AppConfig, redis: RedisConfig, paths: PathsConfig = PathsConfig(), venues: VenuesConfig,
        risk: RiskConfig, riskProfiles: RiskProfiles, journal: JournalConfig = JournalConfig(),
        log: LogConfig = LogConfig(), paper: PaperConfig = PaperConfig(), latency: LatencyConfig = LatencyConfig()
    ) {
        self.app = app
        self.redis = redis
        self.paths = paths
        self.venues = venues
        self.risk = risk
        self.riskProfiles = riskProfiles
        self.journal = journal
        self.log = log
        self.paper = paper
        self.latency = latency
    }

    static func read(_ r: MappingReader) -> BaseConfig? {
        let app = r.mapping("app").flatMap(AppConfig.read)
        let redis = r.mapping("redis").flatMap(RedisConfig.read)
        let paths = r.optionalSection("paths", PathsConfig.read)
        let venues = r.mapping("venues").flatMap(VenuesConfig.read)
        let risk = r.mapping("risk").flatMap(RiskConfig.read)
        let profiles = r.mapping("risk_profiles").flatMap(RiskProfiles.read)
        let journal = r.optionalSection("journal", JournalConfig.read)
        let log = r.optionalSection("log", LogConfig.read)
        let paper = r.optionalSection("paper", PaperConfig.read)
        let latency = r.optionalSection("latency", LatencyConfig.read)
        r.finish()
        guard let app, let redis, let paths, let venues, let risk, let profiles, let journal, let log, let paper,
            let latency
        else {
            return nil
        }
        return BaseConfig(
            app: app, redis: redis, paths: paths.value ?? PathsConfig(), venues: venues, risk: risk,
            riskProfiles: profiles, journal: journal.value ?? JournalConfig(), log: log.value ?? LogConfig(),
            paper: paper.value ?? PaperConfig(), latency: latency.value ?? LatencyConfig())
    }
}
