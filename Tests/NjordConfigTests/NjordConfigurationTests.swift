import Foundation
import NjordConfig
import Testing

struct NjordConfigurationTests {
    @Test func shippedConfigDirectoryLoadsWithoutProblems() throws {
        let config = try NjordConfiguration.load(directory: ConfigFixtures.directory, environment: [:])
        #expect(config.base.app.env == .dev)
        #expect(config.tradingMode == .dryRun)
        #expect(config.base.redis.endpoint == .tcp(host: "127.0.0.1", port: 6479))
        #expect(config.base.redis.reconnectMaxBackoffMs == 2000)
        #expect(config.base.paths.runDir == "var/run/njord")
        #expect(config.base.venues.defaultVenue == .sim)
        #expect(config.base.risk.maxOrderNotional == "1000")
        #expect(config.base.riskProfiles.policies(for: .live).contains(.killSwitch))
        #expect(config.strategies.map(\.id) == ["sma_btc", "bollinger_eth", "donchian_btc"])
        #expect(config.strategies[0].integer("slow") == 8)
        #expect(config.strategies[0].decimal("quantity") == "0.001")
        #expect(config.portfolio.allocations == ["sma_btc": "0.5", "bollinger_eth": "0.4"])
        #expect(config.warnings.isEmpty)
        #expect(config.summary == "env=dev mode=dry-run redis=127.0.0.1:6479 strategies=3 (2 enabled)")
    }

    @Test func unknownKeyIsReportedWithFileAndKeyPath() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(replacing: "  stale_data_ms:", with: "  stale_data_msec:", in: "base.yaml")
        )
        let unknown = problems.first { $0.kind == .unknownKey }
        #expect(unknown?.file == "base.yaml")
        #expect(unknown?.keyPath == "risk.stale_data_msec")
        #expect(unknown?.description.hasPrefix("base.yaml: risk.stale_data_msec: unknown key") == true)
        #expect(problems.contains { $0.keyPath == "risk.stale_data_ms" && $0.kind == .missingKey })
    }

    @Test func wrongTypeNamesExpectedAndFound() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(
                replacing: "price_band_bps: 500", with: "price_band_bps: [500]", in: "base.yaml"))
        #expect(
            problems == [
                ConfigProblem(
                    file: "base.yaml", keyPath: "risk.price_band_bps",
                    kind: .wrongType(expected: "an integer", found: "a list"), line: problems.first?.line)
            ])
        #expect(problems.first?.line != nil)
    }

    @Test func missingRequiredKeyIsReported() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(replacing: "  daily_loss_limit: 500", with: "", in: "base.yaml"))
        #expect(problems.map(\.keyPath) == ["risk.daily_loss_limit"])
        #expect(problems.first?.kind == .missingKey)
        #expect(problems.first?.description.contains("base.yaml: risk.daily_loss_limit:") == true)
    }

    @Test func valueOutsideTheAllowedWordsIsABadEnum() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(
                replacing: "durability: group_commit", with: "durability: sometimes", in: "base.yaml"))
        #expect(problems.count == 1)
        #expect(problems.first?.keyPath == "journal.durability")
        #expect(
            problems.first?.kind == .badEnum(value: "sometimes", allowed: ["fsync_each", "group_commit"]))
    }

    @Test func scientificNotationIsABadDecimal() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(
                replacing: "daily_loss_limit: 500", with: "daily_loss_limit: 5e2", in: "base.yaml"))
        #expect(problems.map(\.keyPath) == ["risk.daily_loss_limit"])
        #expect(problems.first?.kind == .badDecimal("5e2"))
    }

    @Test func decimalsKeepTheirExactText() throws {
        let sources = ConfigFixtures.sources(
            replacing: "max_order_notional: 1000", with: "max_order_notional: 999.123456789012345678",
            in: "base.yaml")
        let config = try NjordConfiguration.parse(sources, environment: [:])
        #expect(config.base.risk.maxOrderNotional == "999.123456789012345678")
    }

    @Test func integerOutOfRangeIsReported() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(
                replacing: "daily_reset_utc_hour: 0", with: "daily_reset_utc_hour: 24", in: "base.yaml"))
        #expect(problems.map(\.keyPath) == ["risk.daily_reset_utc_hour"])
        #expect(problems.first?.kind == .outOfRange(value: "24", allowed: "0...23"))
    }

    @Test func nonPositiveNotionalIsOutOfRange() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(
                replacing: "max_gross_notional: 20000", with: "max_gross_notional: -1", in: "base.yaml"))
        #expect(
            problems.contains {
                $0.keyPath == "risk.max_gross_notional" && $0.kind == .outOfRange(value: "-1", allowed: "> 0")
            })
    }

    @Test func orderLimitAbovePositionLimitIsRejected() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(
                replacing: "max_order_notional: 1000", with: "max_order_notional: 5000.01", in: "base.yaml"))
        #expect(problems.map(\.keyPath) == ["risk.max_order_notional"])
    }

    @Test func malformedYAMLNamesTheFile() {
        var sources = ConfigFixtures.sources
        sources.strategies.text = "strategies:\n  - id: [unclosed\n"
        let problems = ConfigFixtures.problems(sources)
        #expect(problems.count == 1)
        #expect(problems.first?.file == "strategies.yaml")
        #expect(problems.first?.keyPath == "")
        if case .malformedYAML = problems.first?.kind {
        } else {
            Issue.record("expected malformedYAML, got \(problems)")
        }
        #expect(problems.first?.description.hasPrefix("strategies.yaml: (document): malformed YAML") == true)
    }

    @Test func duplicateKeyIsReported() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(replacing: "  db: 0", with: "  db: 0\n  db: 1", in: "base.yaml"))
        #expect(problems.map(\.keyPath) == ["redis.db"])
        #expect(problems.first?.kind == .duplicateKey)
    }

    @Test func unknownStrategyParameterIsReportedAtItsIndex() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(replacing: "{fast: 3,", with: "{fsat: 3,", in: "strategies.yaml"))
        #expect(Set(problems.map(\.keyPath)) == ["strategies[0].params.fsat", "strategies[0].params.fast"])
        #expect(problems.allSatisfy { $0.file == "strategies.yaml" })
    }

    @Test func fastWindowMustBeShorterThanSlow() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(replacing: "{fast: 3,", with: "{fast: 40,", in: "strategies.yaml"))
        #expect(problems.map(\.keyPath) == ["strategies[0].params.fast"])
    }

    @Test func strategySymbolMustBeTradedByTheDefaultVenue() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(
                replacing: "symbol: ETHUSDT", with: "symbol: SOLUSDT", in: "strategies.yaml"))
        #expect(problems.map(\.keyPath) == ["strategies[1].symbol"])
    }

    @Test func duplicateStrategyIdIsRejected() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(replacing: "id: donchian_btc", with: "id: sma_btc", in: "strategies.yaml"))
        #expect(problems.map(\.keyPath) == ["strategies[2].id"])
    }

    @Test func allocationsMustNotExceedEquity() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(
                replacing: "bollinger_eth: 0.4", with: "bollinger_eth: 0.41", in: "portfolio.yaml"))
        #expect(problems.map(\.keyPath) == ["portfolio.allocations"])
        #expect(problems.first?.file == "portfolio.yaml")
    }

    @Test func allocationToUnknownStrategyIsRejected() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(replacing: "sma_btc: 0.5", with: "sma_bct: 0.5", in: "portfolio.yaml"))
        #expect(problems.map(\.keyPath) == ["portfolio.allocations.sma_bct"])
    }

    @Test func redisURLMustNotCarryAPassword() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(
                replacing: "  host: 127.0.0.1\n  port: 6479",
                with: "  url: redis://njord:hunter2@localhost:6379",
                in: "base.yaml"))
        #expect(problems.map(\.keyPath) == ["redis.url"])
        #expect(problems.first?.description.contains("hunter2") == false)
    }

    @Test func twoRedisEndpointFormsConflict() {
        let problems = ConfigFixtures.problems(
            ConfigFixtures.sources(
                replacing: "  port: 6479", with: "  port: 6479\n  unix_socket: /tmp/r.sock", in: "base.yaml"))
        #expect(problems.map(\.keyPath) == ["redis"])
    }

    @Test func missingFileIsReportedByPath() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("njord-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ConfigFixtures.text("base.yaml").write(
            toFile: "\(directory)/base.yaml", atomically: true, encoding: .utf8)
        do {
            _ = try NjordConfiguration.load(directory: directory, environment: [:])
            Issue.record("load succeeded without strategies.yaml and portfolio.yaml")
        } catch {
            #expect(
                error.problems.map(\.file) == ["\(directory)/strategies.yaml", "\(directory)/portfolio.yaml"])
            #expect(error.problems.allSatisfy { $0.kind == .unreadableFile("no such file") })
        }
    }
}
