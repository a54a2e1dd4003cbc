import NjordCore
import NjordJournal
import NjordTestSupport
import Testing

@testable import NjordRedis

private func bus(_ server: RedisServerFixture, password: String? = nil) throws -> RedisBus {
    try RedisBus(
        options: RedisBusOptions(endpoint: server.tcpEndpoint(password: password), reconnectCapMilliseconds: 200))
}

/// Waits for a condition with a deadline, polling; never a fixed sleep.
func eventually(within milliseconds: Int = 10_000, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ConditionLock.deadline(afterMilliseconds: milliseconds)
    let gate = ConditionLock()
    while SystemClock().monotonicNanoseconds() < deadline {
        if try condition() { return true }
        gate.withLock { _ = gate.wait(until: min(deadline, ConditionLock.deadline(afterMilliseconds: 10))) }
    }
    return try condition()
}

@Suite struct RedisBusTests {
    @Test(arguments: BusContract.allChecks.map(\.name))
    func holdsTheBusContract(_ name: String) throws {
        let server = try RedisServerFixture()
        let redisBus = try bus(server)
        defer { redisBus.close() }
        try BusContract.allChecks.first { $0.name == name }!.check(redisBus)
    }

    @Test func aGroupReadBlockingPastTheReadTimeoutWaitsItOutAndLaterReadsStillWork() throws {
        let server = try RedisServerFixture()
        let redisBus = try RedisBus(
            options: RedisBusOptions(endpoint: server.tcpEndpoint(readTimeout: .milliseconds(200))))
        defer { redisBus.close() }
        try redisBus.createGroup("g", on: "orders:test")
        let started = ContinuousClock.now
        let none = try redisBus.readGroup(
            stream: "orders:test", group: "g", consumer: "c", count: 10, blockMilliseconds: 500)
        #expect(none.isEmpty)
        #expect(ContinuousClock.now - started >= .milliseconds(450))
        // The connection keeps the longer timeout (no setsockopt per call); reads of either kind go on.
        try redisBus.append([1], to: "orders:test")
        let quick = try redisBus.readGroup(
            stream: "orders:test", group: "g", consumer: "c", count: 10, blockMilliseconds: 0)
        #expect(quick.map(\.payload) == [[1]])
        try redisBus.append([2], to: "orders:test")
        let blocked = try redisBus.readGroup(
            stream: "orders:test", group: "g", consumer: "c", count: 10, blockMilliseconds: 500)
        #expect(blocked.map(\.payload) == [[2]])
        #expect(redisBus.status.reconnects == 0)
    }

    @Test func closingABusWakesItsSubscriberThreadInsteadOfWaitingOutItsPoll() throws {
        let server = try RedisServerFixture()
        let redisBus = try bus(server)
        let subscription = try redisBus.subscribe([.topic("md.trade.TEST")])
        defer { subscription.close() }
        let observer = try RedisConnection(endpoint: server.tcpEndpoint(readTimeout: .seconds(5)))
        try observer.subscribe(channels: [redisBus.wakeChannel])
        redisBus.close()
        // The subscriber thread is joined by close(); the wake is what let it go at once.
        let wake = try #require(RedisPubSubMessage(try observer.readPush()))
        #expect(wake.channel == redisBus.wakeChannel)
    }

    @Test func aTopicOrPatternNoOpenSubscriptionWantsIsLeftOnTheServer() throws {
        let server = try RedisServerFixture()
        let redisBus = try bus(server)
        defer { redisBus.close() }
        let observer = try RedisConnection(endpoint: server.tcpEndpoint(readTimeout: .seconds(5)))
        func subscribers(_ topic: String) throws -> Int {
            Int(try observer.command(["PUBSUB", "NUMSUB", topic]).array?.last?.integer ?? -1)
        }
        func patterns() throws -> Int { Int(try observer.command(["PUBSUB", "NUMPAT"]).integer ?? -1) }
        let kept = try redisBus.subscribe([.topic("md.trade.KEEP")])
        defer { kept.close() }
        let shared = try redisBus.subscribe([.topic("md.trade.KEEP"), .topic("md.trade.GONE")])
        let patterned = try redisBus.subscribe([.pattern("md.book.*")])
        #expect(try subscribers("md.trade.GONE") == 1 && patterns() == 1)

        shared.close()
        patterned.close()
        // The subscriber thread applies the change on its next wake (a message or its 250 ms poll).
        #expect(try eventually { try subscribers("md.trade.GONE") == 0 && patterns() == 0 })
        #expect(try subscribers("md.trade.KEEP") == 1)
        try redisBus.publish(Array("still here".utf8), on: "md.trade.KEEP")
        #expect(kept.next(timeoutMilliseconds: 5_000)?.payload == Array("still here".utf8))

        // A topic left and wanted again is subscribed again.
        let again = try redisBus.subscribe([.topic("md.trade.GONE")])
        defer { again.close() }
        #expect(try subscribers("md.trade.GONE") == 1)
        try redisBus.publish(Array("back".utf8), on: "md.trade.GONE")
        #expect(again.next(timeoutMilliseconds: 5_000)?.payload == Array("back".utf8))
    }

    @Test func wrongPasswordIsAClearErrorThatNeverShowsThePassword() throws {
        let server = try RedisServerFixture(arguments: ["--requirepass", "right-horse"])
        #expect {
            _ = try bus(server, password: "wrong-battery")
        } throws: { error in
            guard case .unauthorized(let message) = error as? BusError else { return false }
            return message.contains("AUTH failed for user 'default'") && !message.contains("wrong-battery")
        }
        let ok = try bus(server, password: "right-horse")
        defer { ok.close() }
        try ok.setValue([1], forKey: "k")
        #expect(try ok.value(forKey: "k") == [1])
    }

    @Test func killedSubscriberConnectionRecoversByItselfAndCountsWhatItMissed() throws {
        let server = try RedisServerFixture()
        let redisBus = try bus(server)
        defer { redisBus.close() }
        let sub = try redisBus.subscribe([.topic("md.trade.TEST")])
        defer { sub.close() }
        let admin = try RedisConnection(endpoint: server.tcpEndpoint())

        var sent = 0
        func publishSome(_ n: Int) throws {
            for _ in 0..<n {
                try redisBus.publish(Array("\(sent)".utf8), on: "md.trade.TEST")
                sent += 1
            }
        }
        try publishSome(100)
        #expect(eventually { !sub.drain().isEmpty }, "subscriber receives before the kill")
        // Kill every pub/sub client: the bus's subscriber connection among them.
        _ = try admin.command(["CLIENT", "KILL", "TYPE", "pubsub"])
        var received = 0
        let recovered = try eventually {
            try publishSome(10)
            received += sub.drain().count
            return received > 0 && redisBus.status.reconnects >= 1
        }
        #expect(recovered, "subscriber did not come back after CLIENT KILL")
        // Pub/sub is at-most-once: what was lost while reconnecting is measured, not promised.
        let lost = sent - received
        print(
            "pub/sub after CLIENT KILL: sent \(sent), received \(received) after the kill, reconnects \(redisBus.status.reconnects), lost (incl. before) \(lost)"
        )
    }

    /// The restart test: a kill -9 of a Redis running with `appendfsync always`, mid-stream.
    /// Order flow goes through the journaling producer; pub/sub loss is counted, stream loss must be 0.
    @Test func fullServerRestartLosesNoOrderFlowAndClientsRecoverByThemselves() throws {
        let server = try RedisServerFixture(arguments: ["--appendonly", "yes", "--appendfsync", "always"])
        let redisBus = try bus(server)
        defer { redisBus.close() }
        let journalRoot = server.directory + "/journal"
        let journal = try JournalWriter(
            root: journalRoot, stream: "orders", durability: .fsyncEachEvent, clock: SystemClock())
        let producer = JournaledStreamProducer(
            bus: redisBus, journal: journal, stream: "orders:test", liveTopic: "flow.test")
        let live = try redisBus.subscribe([.topic("flow.test")])
        defer { live.close() }

        var ids: [String] = []
        func send(_ range: Range<Int>) throws {
            for i in range {
                let event = try SampleEvents.orderIntent(i)
                ids.append(event.id)
                try producer.send(event)
            }
        }
        try send(0..<300)
        server.stop(graceful: false)  // kill -9: only the append-only file survives
        try send(300..<320)  // journaled, not confirmed
        #expect(producer.unconfirmedCount == 20)
        try server.restart()
        #expect(eventually { producer.retryUnconfirmed() == 0 }, "producer re-appends by itself once Redis is back")
        try send(320..<600)
        #expect(producer.unconfirmedCount == 0)

        // Every event is in the journal, and reaches a consumer exactly once (duplicates dropped by id).
        let reader = try JournalReader(root: journalRoot, stream: "orders")
        var journaled = 0
        try reader.forEachRecord { _, _ in journaled += 1 }
        #expect(journaled == 600)
        let consumer = EventStreamConsumer(
            bus: redisBus,
            options: .init(stream: "orders:test", group: "risk", consumer: "risk-1", blockMilliseconds: 0))
        try consumer.start()
        var applied: [String] = []
        while try consumer.process({ applied.append($0.id) }) > 0 {}
        #expect(applied.count == 600)
        #expect(Set(applied) == Set(ids))
        print(
            "restart: re-appended \(producer.reappended) (recent window), duplicates dropped \(consumer.counters.duplicates)"
        )

        // Pub/sub comes back by itself; what it lost while Redis was down is counted, not promised.
        #expect(
            eventually {
                try? redisBus.publish(Array("ping".utf8), on: "flow.test")
                return live.drain().contains { $0.payload == Array("ping".utf8) }
            })
        let received = 600 - redisBus.status.dropped
        print(
            "restart: pub/sub live view dropped \(redisBus.status.dropped) of 600 events (at-most-once), reconnects \(redisBus.status.reconnects)"
        )
        #expect(received < 600, "events sent while Redis was down cannot have been published")
    }
}
