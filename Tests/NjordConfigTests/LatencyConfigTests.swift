import NjordConfig
import Testing

/// `latency:` of base.yaml: whether the order-path daemons ask idle CPUs to wake fast.
@Suite struct LatencyConfigTests {
    @Test func theShippedFileMakesNoRequestAndTheEnvironmentCanAskForOne() throws {
        let shipped = try NjordConfiguration.parse(ConfigFixtures.sources, environment: [:])
        #expect(shipped.base.latency.cpuWakeupMicroseconds == nil)
        let overridden = try NjordConfiguration.parse(
            ConfigFixtures.sources, environment: ["NJORD_LATENCY_CPU_WAKEUP_US": "0"])
        #expect(overridden.base.latency.cpuWakeupMicroseconds == 0)
    }

    @Test func aValueInTheFileIsRead() throws {
        let sources = ConfigFixtures.sources(
            replacing: "# cpu_wakeup_us: 0  ", with: "cpu_wakeup_us: 25  ", in: "base.yaml")
        #expect(try NjordConfiguration.parse(sources, environment: [:]).base.latency.cpuWakeupMicroseconds == 25)
    }

    @Test func aBoundOutOfRangeOrNotANumberIsNamedWithItsKeyPath() {
        for value in ["-1", "1000001", "fast"] {
            let problems = ConfigFixtures.problems(
                ConfigFixtures.sources, environment: ["NJORD_LATENCY_CPU_WAKEUP_US": value])
            #expect(problems.map(\.keyPath) == ["latency.cpu_wakeup_us"], "\(value): \(problems)")
        }
        let typo = ConfigFixtures.problems(
            ConfigFixtures.sources(replacing: "# cpu_wakeup_us: 0  ", with: "cpu_wakeup: 0  ", in: "base.yaml"))
        #expect(typo.map(\.keyPath) == ["latency.cpu_wakeup"])
    }
}
