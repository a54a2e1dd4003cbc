import Foundation
import NjordCore
import NjordMarketData
import NjordRedis
import NjordStrategies
import NjordTestSupport
import Testing

@testable import NjordApp

/// `njord strategies run` (the `njord-strategy-host` command) against a real redis-server, through
/// the built binary: bars in, intents and cancels out, hot swap, restart and bad input.
@Suite struct StrategyHostDaemonTests {
    static let symbol = "BTCUSDT"
    static let filters = [symbol: InstrumentFilters(tickSize: try! Fixed("0.01"), stepSize: try! Fixed("0.00001"))]

    /// One Redis, one config directory and the host's directories, per test.
    final class Stack {
        let server: RedisServerFixture
        let bus: RedisBus
        let url: String
        let configDir: String
        let journalRoot: String
        let runDir: String
        let storeRoot: String
        private var published = 0

        init() throws {
            server = try RedisServerFixture()
            let port = try #require(server.port)
            url = "redis://127.0.0.1:\(port)"
            bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: port)))
            configDir = server.directory + "/config"
            journalRoot = server.directory + "/journal"
            runDir = server.directory + "/run"
            storeRoot = server.directory + "/store"
            try FileManager.default.createDirectory(atPath: configDir, withIntermediateDirectories: true)
            let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("config/base.yaml")
            try FileManager.default.copyItem(atPath: shipped.path, toPath: configDir + "/base.yaml")
        }

        deinit { bus.close() }

        /// Writes `strategies.yaml` (Bollinger entries on BTCUSDT: id → num_std) and a portfolio without allocations.
        func writeStrategies(_ entries: [(id: String, kind: String, params: String)]) throws {
            var text = "strategies:\n"
            for entry in entries {
                text += "  - id: \(entry.id)\n    kind: \(entry.kind)\n    symbol: \(StrategyHostDaemonTests.symbol)\n"
                text += "    params: {\(entry.params)}\n"
            }
            try text.write(toFile: configDir + "/strategies.yaml", atomically: true, encoding: .utf8)
            try "portfolio:\n  allocations: {}\n  rebalance_threshold: 0.05\n".write(
                toFile: configDir + "/portfolio.yaml", atomically: true, encoding: .utf8)
        }

        func startHost(_ extra: [String] = []) throws -> NjordProcess {
            let process = try NjordProcess(
                [
                    "strategies", "run", "--redis", url, "--config-dir", configDir, "--journal-root", journalRoot,
                    "--run-dir", runDir, "--store-root", storeRoot, "--claim-idle-ms", "100",
                ] + extra)
            let pid = Int64(process.process.processIdentifier)
            let up = try eventually { try listing()?.pid == pid }
            #expect(up, "the host never listed its strategies")
            return process
        }

        func listing() throws -> StrategyListing? {
            try bus.value(forKey: StrategyListing.key).map { try StrategyListing(json: $0) }
        }

        /// The counters of the latest heartbeat of the process `pid`.
        func counters(pid: Int32) throws -> [String: Int64]? {
            guard let bytes = try bus.value(forKey: StrategyHostDaemon.heartbeatKey),
                case .heartbeat(let beat) = try EventEnvelope(json: bytes).payload, beat.pid == Int64(pid)
            else { return nil }
            return beat.counters
        }

        /// Waits until the host `pid` has taken `count` bars.
        func waitForBars(_ count: Int64, pid: Int32) throws {
            let done = try eventually(within: 15_000) { try counters(pid: pid)?["bars_in"] == count }
            let seen = try counters(pid: pid)
            #expect(done, "the host did not take \(count) bars: \(String(describing: seen))")
        }

        func publish(_ bars: [Bar]) throws {
            for bar in bars {
                published += 1
                let event = EventEnvelope(
                    id: "test-bar-\(published)", source: "test-md", sequence: UInt64(published),
                    eventTime: bar.openTime, receiveTime: bar.openTime, payload: .bar(bar))
                try bus.publish(event.encoded(), on: Topics.bars(.oneSecond, bar.symbol))
            }
        }

        /// The paper trader's part: appends to `orders:fills` a maker fill of `qty` of `order` at its
        /// limit price, as envelope `paper-fill-1`; the fill and its time.
        func fill(_ order: OrderIntent, qty: String) throws -> (fill: Fill, time: Timestamp) {
            let fill = Fill(
                fillId: "fill-1", strategyId: order.strategyId, clientOrderId: order.clientOrderId,
                symbol: StrategyHostDaemonTests.symbol, side: order.side, price: try #require(order.limitPrice),
                qty: try Fixed(qty), fee: .zero, feeAsset: "USDT", liquidity: .maker)
            let now = Timestamp(nanosecondsSinceEpoch: 1_700_000_100_000_000_000)
            try bus.append(
                EventEnvelope(
                    id: "paper-fill-1", source: "paper-trader", sequence: 1, eventTime: now, receiveTime: now,
                    payload: .fill(fill)
                ).encoded(), to: Topics.fills)
            return (fill, now)
        }

        /// Everything on `orders:intents`, as the host actions they carry.
        func sent() throws -> [StrategyAction] {
            try StreamHistory.read(bus: bus, stream: Topics.orderIntents).events.compactMap(Self.action)
        }

        static func action(_ event: EventEnvelope) -> StrategyAction? {
            switch event.payload {
            case .orderIntent(let intent): .submit(intent)
            case .orderCancel(let c):
                .cancel(
                    StrategyCancel(
                        strategyId: c.strategyId, clientOrderId: c.clientOrderId, symbol: c.symbol, reason: c.reason))
            default: nil
            }
        }
    }

    /// Wavy 1-second bars around 60 000 (two periods mixed, so bands move and closes cross them).
    static func bars(_ range: Range<Int>) -> [Bar] {
        range.map { i in
            let wave = sin(Double(i) / 3) * 30 + sin(Double(i) / 7) * 12
            let close = Fixed(60_000) + Fixed(raw: Int128((wave * 100).rounded()) * 1_000_000)
            return Bar(
                venue: "sim", symbol: symbol, interval: .oneSecond,
                openTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000 + Int64(i) * 1_000_000_000),
                open: close, high: close + Fixed(5), low: close - Fixed(5), close: close, volume: .one, trades: 3)
        }
    }

    static func spec(_ id: String, kind: String = Bollinger.name, _ params: [String: String]) -> StrategySpec {
        StrategySpec(id: id, kind: kind, symbol: symbol, parameters: StrategyParameters(params))
    }

    static let bollinger = ["period": "5", "num_std": "1", "quantity": "0.001"]
    static let bollingerText = "period: 5, num_std: 1, quantity: 0.001"

    /// Runs `bars` through an in-process host; returns its actions.
    static func feed(_ bars: [Bar], to host: inout StrategyHost) -> [StrategyAction] {
        bars.flatMap { host.onBar($0) }
    }

    @Test func barsOnTheBusBecomeTheIntentsAnInProcessHostGivesForTheSameBars() throws {
        let stack = try Stack()
        try stack.writeStrategies([
            ("bb", "bollinger", Self.bollingerText), ("sma", "sma_cross", "fast: 2, slow: 4, quantity: 0.001"),
        ])
        let daemon = try stack.startHost()
        defer { _ = kill(daemon.process.processIdentifier, SIGKILL) }
        let bars = Self.bars(0..<40)
        try stack.publish(bars)
        try stack.waitForBars(40, pid: daemon.process.processIdentifier)

        var reference = try StrategyHost(
            specs: [
                Self.spec("bb", Self.bollinger),
                Self.spec("sma", kind: SmaCross.name, ["fast": "2", "slow": "4", "quantity": "0.001"]),
            ], filters: Self.filters)
        let expected = Self.feed(bars, to: &reference)
        #expect(expected.contains { $0.intent?.strategyId == "sma" } && expected.contains { $0.cancel != nil })
        #expect(try stack.sent() == expected)
        #expect(try stack.sent().compactMap(\.intent?.clientOrderId).prefix(2) == ["bb-1", "bb-2"])
        let events = try StreamHistory.read(bus: stack.bus, stream: Topics.orderIntents).events
        #expect(events.map(\.sequence) == Array(1...UInt64(events.count)), "one rising sequence")
        #expect(Set(events.map(\.id)).count == events.count, "unique event ids")
        #expect(events.allSatisfy { $0.source == "strategy-host" })
        let journaled = try StrategyHostRecovery.read(root: stack.journalRoot)
        #expect(journaled.lastEventSequence == UInt64(events.count), "every sent event is journaled")
    }

    @Test func hotSwapReparameterizesOneStrategyWhileAnotherCarriesOn() throws {
        let stack = try Stack()
        let swapOld = ["period": "5", "num_std": "2", "quantity": "0.001"]
        let swapNew = ["period": "5", "num_std": "1.5", "quantity": "0.002"]
        try stack.writeStrategies([
            ("keep", "bollinger", Self.bollingerText), ("swap", "bollinger", "period: 5, num_std: 2, quantity: 0.001"),
        ])
        let daemon = try stack.startHost()
        defer { _ = kill(daemon.process.processIdentifier, SIGKILL) }
        let pid = daemon.process.processIdentifier
        let before = Self.bars(0..<30), after = Self.bars(30..<60)
        try stack.publish(before)
        try stack.waitForBars(30, pid: pid)

        try stack.writeStrategies([
            ("keep", "bollinger", Self.bollingerText),
            ("swap", "bollinger", "period: 5, num_std: 1.5, quantity: 0.002"),
        ])
        let reload = try NjordProcess.run(["strategies", "reload", "--run-dir", stack.runDir])
        #expect(reload.status == 0, "\(reload)")
        let reloaded = try eventually { try stack.listing()?.reloads == 1 }
        #expect(reloaded, "the host did not reload")
        try stack.publish(after)
        try stack.waitForBars(60, pid: pid)

        // Never reloaded: what `keep` must have sent, untouched by the swap.
        var untouched = try StrategyHost(
            specs: [Self.spec("keep", Self.bollinger), Self.spec("swap", swapOld)], filters: Self.filters)
        let neverReloaded = Self.feed(before + after, to: &untouched)
        // The same reload in process: what the whole stream must hold.
        var swapped = try StrategyHost(
            specs: [Self.spec("keep", Self.bollinger), Self.spec("swap", swapOld)], filters: Self.filters)
        var expected = Self.feed(before, to: &swapped)
        let outcome = try swapped.reload(to: [Self.spec("keep", Self.bollinger), Self.spec("swap", swapNew)])
        #expect(outcome.changes == [.unchanged("keep"), .reparameterized("swap")])
        expected += outcome.actions + Self.feed(after, to: &swapped)

        let sent = try stack.sent()
        #expect(sent == expected)
        func of(_ id: String, _ actions: [StrategyAction]) -> [StrategyAction] {
            actions.filter { ($0.intent?.strategyId ?? $0.cancel?.strategyId) == id }
        }
        #expect(of("keep", sent) == of("keep", neverReloaded), "the unchanged strategy carried on as if no reload")
        #expect(!of("keep", sent).isEmpty)
        let swapAfter = of("swap", sent).compactMap(\.intent).filter { $0.quantity == (try? Fixed("0.002")) }
        #expect(!swapAfter.isEmpty, "the swapped strategy trades its new quantity")
        #expect(of("swap", sent) != of("swap", neverReloaded), "the swapped strategy follows its new parameters")

        let list = try NjordProcess.run(["strategies", "list", "--json", "--redis", stack.url])
        #expect(list.status == 0, "\(list)")
        let listing = try StrategyListing(json: Array(list.stdout.utf8))
        #expect(listing.strategies.map(\.id) == ["keep", "swap"])
        #expect(listing.strategies.last?.params == swapNew)
        #expect(listing.strategies.first?.params == Self.bollinger)
        let text = try NjordProcess.run(["strategies", "list", "--redis", stack.url])
        #expect(text.stdout.contains("num_std=1.5"), "\(text)")
    }

    @Test func aRemovedStrategysOpenOrdersAreCanceledAndItsPositionShowsUnmanaged() throws {
        let stack = try Stack()
        try stack.writeStrategies([
            ("gone", "bollinger", Self.bollingerText), ("stays", "bollinger", Self.bollingerText),
        ])
        let daemon = try stack.startHost()
        defer { _ = kill(daemon.process.processIdentifier, SIGKILL) }
        let pid = daemon.process.processIdentifier
        let bars = Self.bars(0..<20)
        try stack.publish(bars)
        try stack.waitForBars(20, pid: pid)

        // The paper trader's part: half of the first order of `gone` fills.
        let order = try #require(try stack.sent().compactMap(\.intent).first { $0.strategyId == "gone" })
        let (fill, now) = try stack.fill(order, qty: "0.0005")
        let filled = try eventually { try stack.listing()?.strategies.first?.position == "0.0005" }
        let listed = try stack.listing()
        #expect(filled, "the fill did not reach the strategy: \(String(describing: listed))")
        let sentBefore = try stack.sent().count

        try stack.writeStrategies([("stays", "bollinger", Self.bollingerText)])
        #expect(kill(pid, SIGHUP) == 0)
        let reloaded = try eventually { try stack.listing()?.reloads == 1 }
        #expect(reloaded)

        var reference = try StrategyHost(
            specs: [Self.spec("gone", Self.bollinger), Self.spec("stays", Self.bollinger)], filters: Self.filters)
        _ = Self.feed(bars, to: &reference)
        _ = reference.onFill(fill, time: now)
        let outcome = try reference.reload(to: [Self.spec("stays", Self.bollinger)])
        #expect(!outcome.actions.isEmpty && outcome.actions.allSatisfy { $0.cancel?.strategyId == "gone" })
        let cancels = try eventually { try stack.sent().count == sentBefore + outcome.actions.count }
        #expect(cancels)
        #expect(Array(try stack.sent().dropFirst(sentBefore)) == outcome.actions)

        let listing = try #require(try stack.listing())
        #expect(listing.strategies.map(\.id) == ["stays"])
        #expect(
            listing.unmanaged == [.init(strategyId: "gone", symbol: Self.symbol, quantity: "0.0005")],
            "kept, never flattened")
        let counted = try eventually { try stack.counters(pid: pid)?["unmanaged"] == 1 }
        #expect(counted)
    }

    @Test func aRestartAfterKillNineContinuesTheOrderIdsWithoutReuse() throws {
        let stack = try Stack()
        try stack.writeStrategies([("bb", "bollinger", Self.bollingerText)])
        let first = try stack.startHost()
        try stack.publish(Self.bars(0..<20))
        try stack.waitForBars(20, pid: first.process.processIdentifier)
        let before = try stack.sent()
        let issued = before.compactMap(\.intent?.clientOrderId)
        #expect(issued.count > 1)
        // A fill the first run applies; the second must restore it once, not apply it again.
        let order = try #require(before.compactMap(\.intent).first)
        _ = try stack.fill(order, qty: "0.0004")
        let applied = try eventually { try stack.listing()?.strategies.first?.position == "0.0004" }
        #expect(applied)
        kill(first.process.processIdentifier, SIGKILL)
        _ = first.finish()

        let second = try stack.startHost()
        defer { _ = kill(second.process.processIdentifier, SIGKILL) }
        try stack.publish(Self.bars(20..<40))
        try stack.waitForBars(20, pid: second.process.processIdentifier)
        let counters = try stack.counters(pid: second.process.processIdentifier)
        #expect(counters?["restored_fills"] == 1 && counters?["fills_in"] == 0, "\(String(describing: counters))")
        #expect(try stack.listing()?.strategies.first?.position == "0.0004", "restored once, never applied twice")
        let after = Array(try stack.sent().dropFirst(before.count))
        let reissued = after.compactMap(\.intent?.clientOrderId)
        #expect(
            after.compactMap(\.intent).contains { $0.side == .sell },
            "long again after the restart: it offers the position")
        #expect(!reissued.isEmpty)
        #expect(Set(issued).isDisjoint(with: reissued), "no client order id is issued twice")
        let last = issued.compactMap { StrategyHostRecovery.orderSequence($0, strategyId: "bb") }.max() ?? 0
        #expect(
            reissued.compactMap { StrategyHostRecovery.orderSequence($0, strategyId: "bb") }.allSatisfy { $0 > last })
        // The orders the first run left open are canceled: the new run does not track them.
        let restartCancels = after.compactMap(\.cancel).filter { $0.reason.contains("restarted") }
        #expect(!restartCancels.isEmpty && restartCancels.allSatisfy { issued.contains($0.clientOrderId) })
        let events = try StreamHistory.read(bus: stack.bus, stream: Topics.orderIntents).events
        #expect(events.map(\.sequence) == Array(1...UInt64(events.count)), "sequences keep rising across the restart")
        #expect(Set(events.map(\.id)).count == events.count)
    }

    @Test func aMalformedFillIsCountedAndDeadLetteredAndTheHostCarriesOn() throws {
        let stack = try Stack()
        try stack.writeStrategies([("bb", "bollinger", Self.bollingerText)])
        let daemon = try stack.startHost()
        let pid = daemon.process.processIdentifier
        try stack.bus.append(Array("{\"type\":\"fill\",\"v\":1,".utf8), to: Topics.fills)
        let intentOnFills = EventEnvelope(
            id: "wrong-1", source: "test", sequence: 1, eventTime: .init(nanosecondsSinceEpoch: 1),
            receiveTime: .init(nanosecondsSinceEpoch: 1),
            payload: .orderIntent(
                try OrderIntent(
                    strategyId: "bb", clientOrderId: "bb-99", symbol: Self.symbol, side: .buy, orderType: .market,
                    quantity: .one, quoteAmount: nil, limitPrice: nil, timeInForce: .gtc, reason: "wrong stream")))
        try stack.bus.append(intentOnFills.encoded(), to: Topics.fills)
        let counted = try eventually { try stack.counters(pid: pid)?["malformed"] == 2 }
        let seen = try stack.counters(pid: pid)
        #expect(counted, "\(String(describing: seen))")
        let letters = try StreamHistory.read(bus: stack.bus, stream: Topics.deadLetters)
        #expect(try stack.bus.length(of: Topics.deadLetters) == 2, "\(letters)")
        #expect(try stack.bus.pendingCount(stream: Topics.fills, group: StrategyHostDaemon.fillGroup) == 0)

        try stack.publish(Self.bars(0..<10))
        try stack.waitForBars(10, pid: pid)
        #expect(try stack.counters(pid: pid)?["fills_in"] == 0)
        kill(pid, SIGTERM)
        let run = daemon.finish()
        #expect(run.status == 0, "\(run)")
        #expect(!FileManager.default.fileExists(atPath: stack.runDir + "/strategy-host.pid"), "pid file removed")
    }

    @Test func aStrategyWarmsUpOnTheStoresLastBarsAndTradesOnItsFirstLiveBar() throws {
        let stack = try Stack()
        let stored = Self.bars(0..<30)
        try MarketDataStore(root: stack.storeRoot).write(
            stored.map {
                StoredBar(
                    openTime: $0.openTime, open: $0.open, high: $0.high, low: $0.low, close: $0.close,
                    volume: $0.volume, trades: $0.trades)
            }, venue: "sim", symbol: Self.symbol, kind: .bars(.oneSecond))
        try stack.writeStrategies([("bb", "bollinger", Self.bollingerText)])
        let daemon = try stack.startHost(["--warm-up-bars", "10"])
        defer { _ = kill(daemon.process.processIdentifier, SIGKILL) }
        let pid = daemon.process.processIdentifier
        let live = Self.bars(30..<33)
        try stack.publish(Array(live.prefix(1)))
        try stack.waitForBars(1, pid: pid)
        #expect(try stack.counters(pid: pid)?["warmed_up"] == 1)
        #expect(try stack.sent().compactMap(\.intent).count == 1, "a cold Bollinger(5) would wait for 5 bars")
        try stack.publish(Array(live.dropFirst()))
        try stack.waitForBars(3, pid: pid)

        var reference = try StrategyHost(specs: [Self.spec("bb", Self.bollinger)], filters: Self.filters)
        try reference.warmUp(
            id: "bb",
            bars: stored.suffix(10).map {
                StrategyBar(
                    time: $0.openTime, open: $0.open, high: $0.high, low: $0.low, close: $0.close, volume: $0.volume)
            })
        #expect(try stack.sent() == Self.feed(live, to: &reference))
    }

    @Test func aBadStrategiesFileOnReloadIsRefusedCountedAndTheRunningSetStays() throws {
        let stack = try Stack()
        try stack.writeStrategies([("bb", "bollinger", Self.bollingerText)])
        let daemon = try stack.startHost()
        defer { _ = kill(daemon.process.processIdentifier, SIGKILL) }
        let pid = daemon.process.processIdentifier
        let listed = try #require(try stack.listing())
        try "strategies:\n  - id: bb\n    kind: bollinger\n    symbol: BTCUSDT\n    params: {period: 1}\n".write(
            toFile: stack.configDir + "/strategies.yaml", atomically: true, encoding: .utf8)
        #expect(kill(pid, SIGHUP) == 0)
        let refused = try eventually { try stack.counters(pid: pid)?["reload_failures"] == 1 }
        #expect(refused)
        #expect(try stack.counters(pid: pid)?["reloads"] == 0)
        #expect(try stack.listing()?.strategies == listed.strategies)
        try stack.publish(Self.bars(0..<10))
        try stack.waitForBars(10, pid: pid)
        #expect(try stack.sent().contains { $0.intent?.strategyId == "bb" }, "the running strategy still trades")
    }
}
