import NjordCore
import Testing

/// The risk engine's marks: of each topic only the newest message waits, however many arrived.
@Suite struct LatestMessageByTopicTests {
    static func message(_ topic: String, _ text: String) -> BusMessage {
        BusMessage(topic: topic, payload: Array(text.utf8))
    }

    @Test func onlyTheNewestMessageOfEachTopicIsTakenAndEveryArrivalIsCounted() {
        let latest = LatestMessageByTopic()
        for i in 0..<500 {
            latest.push(Self.message("md.trade.BTCUSDT", "t\(i)"))
            latest.push(Self.message("md.tob.BTCUSDT", "b\(i)"))
        }
        latest.push(Self.message("md.trade.ETHUSDT", "e0"))
        let (messages, received) = latest.take()
        #expect(received == 1_001)
        let byTopic = Dictionary(
            uniqueKeysWithValues: messages.map { ($0.topic, String(decoding: $0.payload, as: UTF8.self)) })
        #expect(byTopic == ["md.trade.BTCUSDT": "t499", "md.tob.BTCUSDT": "b499", "md.trade.ETHUSDT": "e0"])
    }

    @Test func aTakeEmptiesItSoNothingIsAppliedTwice() {
        let latest = LatestMessageByTopic()
        latest.push(Self.message("md.tob.BTCUSDT", "b0"))
        #expect(latest.take().messages.count == 1)
        let again = latest.take()
        #expect(again.messages.isEmpty && again.received == 0)
        latest.push(Self.message("md.tob.BTCUSDT", "b1"))
        #expect(latest.take().messages.map(\.payload) == [Array("b1".utf8)])
    }

    @Test func pushesFromAnotherThreadAreNeitherLostNorTorn() async {
        let latest = LatestMessageByTopic()
        let pushes = 20_000
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for i in 0..<pushes { latest.push(Self.message("md.trade.BTCUSDT", "\(i)")) }
            }
            group.addTask {
                var seen = 0
                var last = -1
                while seen < pushes {
                    let (messages, received) = latest.take()
                    seen += received
                    for m in messages {
                        let value = Int(String(decoding: m.payload, as: UTF8.self)) ?? -2
                        // Newest wins: a later take never goes back to an older price.
                        #expect(value > last)
                        last = value
                    }
                }
                #expect(last == pushes - 1)
            }
        }
    }
}
