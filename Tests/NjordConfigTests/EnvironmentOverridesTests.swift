import NjordConfig
import Testing

struct EnvironmentOverridesTests {
    @Test func variableNameIsPrefixedUpperCasedKeyPath() {
        #expect(EnvironmentOverrides.variableName(for: "app.env") == "NJORD_APP_ENV")
        #expect(
            EnvironmentOverrides.variableName(for: "risk.order_rate.global_burst")
                == "NJORD_RISK_ORDER_RATE_GLOBAL_BURST")
    }

    @Test func overridesReplaceScalarsOfBaseYAML() throws {
        let config = try NjordConfiguration.parse(
            ConfigFixtures.sources,
            environment: [
                "NJORD_APP_ENV": "paper", "NJORD_LOG_LEVEL": "debug",
                "NJORD_RISK_ORDER_RATE_GLOBAL_BURST": "7",
                "NJORD_RISK_MAX_GROSS_NOTIONAL": "25000.5", "NJORD_PATHS_RUN_DIR": "/tmp/njord-run",
            ])
        #expect(config.base.app.env == .paper)
        #expect(config.base.log.level == .debug)
        #expect(config.base.risk.orderRate.globalBurst == 7)
        #expect(config.base.risk.maxGrossNotional == "25000.5")
        #expect(config.base.paths.runDir == "/tmp/njord-run")
        #expect(config.overrides["log.level"] == "NJORD_LOG_LEVEL")
    }

    @Test func redisURLOverrideReplacesHostAndPort() throws {
        let config = try NjordConfiguration.parse(
            ConfigFixtures.sources, environment: ["NJORD_REDIS_URL": "redis://10.0.0.5:6380/0"])
        #expect(config.base.redis.endpoint == .url("redis://10.0.0.5:6380/0"))
    }

    @Test func overriddenValueIsValidatedAndBlamesTheVariable() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources, environment: ["NJORD_LOG_LEVEL": "loud"])
        #expect(problems.count == 1)
        #expect(problems.first?.keyPath == "log.level")
        #expect(problems.first?.environmentVariable == "NJORD_LOG_LEVEL")
        #expect(problems.first?.description.contains("NJORD_LOG_LEVEL") == true)
    }

    @Test func emptyVariableCountsAsUnset() throws {
        let config = try NjordConfiguration.parse(
            ConfigFixtures.sources, environment: ["NJORD_LOG_LEVEL": ""])
        #expect(config.base.log.level == .info)
    }

    @Test func overrideCanAddAKeyAbsentFromTheFile() throws {
        let config = try NjordConfiguration.parse(
            ConfigFixtures.sources, environment: ["NJORD_APP_SERVICE_NAME": "engine"])
        #expect(config.base.app.serviceName == "engine")
    }
}
