import NjordCore
import Testing

@Suite struct ContractTopicsTests {
    static let placeholders = [
        "<SYMBOL>": "BTCUSDT", "<INTERVAL>": "1m", "<SERVICE>": "md-ingest",
        "<STRATEGY>": "trend-1", "<SCOPE>": "portfolio",
    ]

    static func instantiated(_ name: String) -> String {
        placeholders.reduce(name) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
    }

    @Test func everyNameIsUnique() {
        let names = Topics.catalog.map(\.name)
        #expect(Set(names).count == names.count)
        let concrete = names.map(Self.instantiated)
        #expect(Set(concrete).count == concrete.count)
    }

    @Test func namesUseOnlySafeCharactersAndNoGlobMetacharacters() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.:-_")
        for entry in Topics.catalog {
            let concrete = Self.instantiated(entry.name)
            #expect(!concrete.isEmpty)
            #expect(concrete.allSatisfy(allowed.contains), "\(entry.name)")
            #expect(!concrete.hasPrefix(".") && !concrete.hasSuffix("."), "\(entry.name)")
            #expect(!concrete.contains(".."), "\(entry.name)")
        }
    }

    @Test func parameterizedNamesMatchTheCatalog() {
        #expect(Topics.trades("BTCUSDT") == "md.trade.BTCUSDT")
        #expect(Topics.bars(.oneSecond, "BTCUSDT") == "md.bar.1s.BTCUSDT")
        #expect(Topics.bars(.oneMinute, "ETHUSDT") == "md.bar.1m.ETHUSDT")
        #expect(Topics.heartbeat("exec") == "svc.heartbeat.exec")
        #expect(Topics.log("exec") == "log.exec")
        #expect(Topics.allSymbols(.trade) == "md.trade.*")
        #expect(Topics.killSwitchKey == "njord:killswitch")
        #expect(Topics.catalog.contains { Self.instantiated($0.name) == Topics.bars(.oneMinute, "BTCUSDT") })
        #expect(Topics.catalog.contains { Self.instantiated($0.name) == Topics.latestBookKey("BTCUSDT") })
    }

    @Test func topicsHaveNoColonsAndKeysAreNamespaced() {
        for entry in Topics.catalog {
            switch entry.kind {
            case .topic: #expect(!entry.name.contains(":"), "\(entry.name)")
            case .key: #expect(entry.name.hasPrefix("njord:"), "\(entry.name)")
            case .stream: #expect(!entry.name.contains("."), "\(entry.name)")
            }
        }
    }

    @Test func everyEventTypeHasADestination() {
        let carried = Set(Topics.catalog.flatMap { $0.carries.split(separator: ", ").map(String.init) })
        for type in EventType.allCases {
            #expect(carried.contains(type.rawValue), "\(type.rawValue)")
        }
    }
}
