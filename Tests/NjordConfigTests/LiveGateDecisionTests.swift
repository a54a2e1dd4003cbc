import NjordConfig
import Testing

struct LiveGateDecisionTests {
    @Test func liveNeedsBothLiveEnvAndEnableVariable() {
        let both = LiveGateDecision.evaluate(env: .live, environment: ["NJORD_ENABLE_LIVE": "1"])
        #expect(both == LiveGateDecision(mode: .live, warning: nil))
    }

    @Test func liveEnvWithoutVariableRunsDryWithWarning() {
        let decision = LiveGateDecision.evaluate(env: .live, environment: [:])
        #expect(decision.mode == .dryRun)
        #expect(decision.warning?.contains("NJORD_ENABLE_LIVE is not set") == true)
    }

    @Test func variableWithoutLiveEnvRunsDry() {
        let decision = LiveGateDecision.evaluate(env: .paper, environment: ["NJORD_ENABLE_LIVE": "1"])
        #expect(decision.mode == .dryRun)
        #expect(decision.warning != nil)
    }

    @Test func neitherSwitchRunsDryQuietly() {
        #expect(
            LiveGateDecision.evaluate(env: .dev, environment: [:])
                == LiveGateDecision(mode: .dryRun, warning: nil))
    }

    @Test func onlyTheExactValueOneArmsLive() {
        for value in ["true", "yes", "01", " 1", ""] {
            let decision = LiveGateDecision.evaluate(env: .live, environment: ["NJORD_ENABLE_LIVE": value])
            #expect(decision.mode == .dryRun, "value '\(value)'")
            #expect(decision.warning != nil)
        }
    }

    @Test func loadedConfigurationCarriesTheGateWarning() throws {
        let config = try NjordConfiguration.parse(
            ConfigFixtures.sources, environment: ["NJORD_APP_ENV": "live"])
        #expect(config.base.app.env == .live)
        #expect(config.tradingMode == .dryRun)
        #expect(config.warnings.first?.contains("DRY-RUN") == true)
        let armed = try NjordConfiguration.parse(
            ConfigFixtures.sources, environment: ["NJORD_APP_ENV": "live", "NJORD_ENABLE_LIVE": "1"])
        #expect(armed.tradingMode == .live)
        #expect(armed.warnings.isEmpty)
    }
}
