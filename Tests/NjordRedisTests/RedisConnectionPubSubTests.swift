import Dispatch
import Foundation
import NjordRedis
import NjordTestSupport
import Testing

@Suite struct RedisConnectionPubSubTests {
    /// Subscribes on a thread of its own (a connection belongs to one thread), signals `ready`,
    /// then collects `count` messages and signals `done`.
    private func subscriber(
        _ endpoint: RedisEndpoint, channels: [String], count: Int,
        ready: DispatchSemaphore, done: DispatchSemaphore, into results: ThreadResults<String>
    ) {
        Thread.detachNewThread {
            defer { done.signal() }
            do {
                let redis = try RedisConnection(endpoint: endpoint)
                try redis.subscribe(channels: channels)
                ready.signal()
                var received = 0
                while received < count {
                    guard let message = RedisPubSubMessage(try redis.readPush()) else { continue }
                    results.append(message.channel + "=" + String(decoding: message.payload, as: UTF8.self))
                    received += 1
                }
            } catch {
                results.append("error: \(error)")
                ready.signal()
            }
        }
    }

    @Test func everySubscriberReceivesEveryPublishedMessageInOrder() throws {
        let server = try RedisServerFixture()
        let ready = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let first = ThreadResults<String>(), second = ThreadResults<String>()
        subscriber(server.tcpEndpoint(), channels: ["ticks"], count: 3, ready: ready, done: done, into: first)
        subscriber(
            server.unixEndpoint(), channels: ["ticks"], count: 3, ready: ready, done: done, into: second)
        for _ in 0..<2 { #expect(ready.wait(timeout: .now() + 10) == .success) }

        let publisher = try RedisConnection(endpoint: server.tcpEndpoint())
        for n in 1...3 {
            #expect(try publisher.command(["PUBLISH", "ticks", "t\(n)"]) == .integer(2))
        }
        for _ in 0..<2 { #expect(done.wait(timeout: .now() + 10) == .success) }
        #expect(first.all == ["ticks=t1", "ticks=t2", "ticks=t3"])
        #expect(second.all == first.all)
    }

    @Test func patternSubscriptionReceivesMatchingChannelsOnly() throws {
        let server = try RedisServerFixture()
        let subscriber = try RedisConnection(endpoint: server.unixEndpoint())
        try subscriber.psubscribe(patterns: ["ticks.*"])
        #expect(subscriber.subscriptionCount == 1)
        let publisher = try RedisConnection(endpoint: server.unixEndpoint())
        _ = try publisher.pipeline([
            ["PUBLISH", "ticks.btc", "1"], ["PUBLISH", "orders.btc", "2"], ["PUBLISH", "ticks.eth", "3"],
            ["PUBLISH", "ticks.end", "done"],
        ])
        // Delivery is in publish order, so reading up to the sentinel shows every matching message
        // and would have shown the non-matching one.
        var channels: [String] = []
        while channels.last != "ticks.end" {
            let message = try #require(RedisPubSubMessage(try subscriber.readPush()))
            #expect(message.pattern == "ticks.*")
            channels.append(message.channel)
        }
        #expect(channels == ["ticks.btc", "ticks.eth", "ticks.end"])
    }

    @Test func readPushTimeoutLeavesSubscriberUsable() throws {
        let server = try RedisServerFixture()
        let subscriber = try RedisConnection(endpoint: server.tcpEndpoint(readTimeout: .milliseconds(100)))
        try subscriber.subscribe(channels: ["quiet", "loud"])
        #expect(subscriber.subscriptionCount == 2)
        #expect(throws: RedisError.timeout(operation: "read of a push")) { try subscriber.readPush() }
        #expect(subscriber.isOpen)
        let publisher = try RedisConnection(endpoint: server.tcpEndpoint())
        _ = try publisher.command(["PUBLISH", "loud", "after-timeout"])
        try subscriber.setReadTimeout(.seconds(5))
        let message = try #require(RedisPubSubMessage(try subscriber.readPush()))
        #expect(message == RedisPubSubMessage(channel: "loud", payload: Array("after-timeout".utf8)))
    }

    @Test func messagesArrivingDuringALaterSubscribeAreKeptForReadPush() throws {
        let server = try RedisServerFixture()
        let subscriber = try RedisConnection(endpoint: server.unixEndpoint())
        try subscriber.subscribe(channels: ["first"])
        let publisher = try RedisConnection(endpoint: server.unixEndpoint())
        _ = try publisher.command(["PUBLISH", "first", "early"])
        try subscriber.subscribe(channels: ["second"])
        #expect(try RedisPubSubMessage(subscriber.readPush())?.payload == Array("early".utf8))
        #expect(subscriber.subscriptionCount == 2)
    }
}
