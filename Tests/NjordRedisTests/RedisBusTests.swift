import NjordCore
import NjordTestSupport
import Testing

@testable import NjordRedis

private func bus(_ server: RedisServerFixture, password: String? = nil) throws -> RedisBus {
    try RedisBus(options: RedisBusOptions(endpoint: server.tcpEndpoint(password: password), reconnectCapMilliseconds: 200))
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
        print("pub/sub after CLIENT KILL: sent \(sent), received \(received) after the kill, reconnects \(redisBus.status.reconnects), lost (incl. before) \(lost)")
    }

    @Test func fullServerRestartLosesNoConfirmedStreamEntryAndClientsRecover() throws {
        let server = try RedisServerFixture(arguments: ["--appendonly", "yes", "--appendfsync", "always"])
        let redisBus = try bus(server)
        defer { redisBus.close() }
        try redisBus.createGroup("g", on: "orders:test")
        let sub = try redisBus.subscribe([.topic("flow.test")])
        defer { sub.close() }

        var confirmed: [String] = []
        var unconfirmed: [String] = []
        func appendAll(_ range: Range<Int>) {
            for i in range {
                let payload = "event-\(i)"
                do {
                    try redisBus.append(Array(payload.utf8), to: "orders:test")
                    confirmed.append(payload)
                } catch {
                    unconfirmed.append(payload)  // the producer retries these after reconnecting
                }
                try? redisBus.publish(Array(payload.utf8), on: "flow.test")
            }
        }
        appendAll(0..<500)
        server.stop(graceful: false)  // kill -9: only the append-only file survives
        appendAll(500..<520)  // fail fast while the server is gone
        try server.restart()
        // Retry what was not confirmed until the bus is back (the producer's job, done by hand here).
        #expect(eventually {
            unconfirmed = unconfirmed.filter { payload in
                do {
                    try redisBus.append(Array(payload.utf8), to: "orders:test")
                    confirmed.append(payload)
                    return false
                } catch { return true }
            }
            return unconfirmed.isEmpty
        })
        appendAll(520..<600)
        var read: [String] = []
        while true {
            let batch = try redisBus.readGroup(stream: "orders:test", group: "g", consumer: "c", count: 1000, blockMilliseconds: 0)
            if batch.isEmpty { break }
            read += batch.map { String(decoding: $0.payload, as: UTF8.self) }
            try redisBus.acknowledge(batch.map(\.id), stream: "orders:test", group: "g")
        }
        #expect(Set(read) == Set(confirmed))
        #expect(Set(read) == Set((0..<600).map { "event-\($0)" }))
        // Pub/sub comes back by itself too.
        #expect(try eventually {
            try redisBus.publish(Array("ping".utf8), on: "flow.test")
            return sub.drain().contains { $0.payload == Array("ping".utf8) }
        })
        #expect(redisBus.status.reconnects >= 1)
    }
}
