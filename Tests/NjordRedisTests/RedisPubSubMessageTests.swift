import NjordRedis
import Testing

@Suite struct RedisPubSubMessageTests {
    @Test func messagePushCarriesChannelAndBinaryPayload() {
        let push = RedisReply.array([
            .bytes(Array("message".utf8)), .bytes(Array("ticks".utf8)), .bytes([0, 13, 10]),
        ])
        #expect(RedisPubSubMessage(push) == RedisPubSubMessage(channel: "ticks", payload: [0, 13, 10]))
    }

    @Test func patternMessagePushCarriesThePattern() {
        let push = RedisReply.array(["pmessage", "ticks.*", "ticks.btc", "x"].map { .bytes(Array($0.utf8)) })
        #expect(RedisPubSubMessage(push)?.pattern == "ticks.*")
        #expect(RedisPubSubMessage(push)?.channel == "ticks.btc")
    }

    @Test func confirmationsAndMalformedPushesAreNotMessages() {
        #expect(
            RedisPubSubMessage(.array([.bytes(Array("subscribe".utf8)), .bytes([97]), .integer(1)])) == nil)
        #expect(RedisPubSubMessage(.array([.bytes(Array("message".utf8)), .bytes([97])])) == nil)
        #expect(RedisPubSubMessage(.status("OK")) == nil)
    }
}
