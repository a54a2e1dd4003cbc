import NjordCore
import NjordRedis
import Testing

@testable import NjordApp

/// Reading the replies `njord bus status` asks for.
@Suite struct BusStatusProbeTests {
    @Test func infoFieldsAreReadAcrossSectionsIgnoringHeaders() {
        let info = BusStatusProbe.parseInfo(
            "# Server\r\nredis_version:7.0.15\r\nuptime_in_seconds:42\r\n\r\n# Clients\r\nconnected_clients:3\r\n")
        #expect(info == ["redis_version": "7.0.15", "uptime_in_seconds": "42", "connected_clients": "3"])
    }

    @Test func groupsWithoutLagOrWithNullLagReportNoLag() {
        func group(_ name: String, lag: RedisReply?) -> RedisReply {
            var fields: [RedisReply] = [
                .bytes(Array("name".utf8)), .bytes(Array(name.utf8)), .bytes(Array("consumers".utf8)), .integer(2),
                .bytes(Array("pending".utf8)), .integer(7), .bytes(Array("last-delivered-id".utf8)),
                .bytes(Array("5-1".utf8)),
            ]
            if let lag { fields += [.bytes(Array("lag".utf8)), lag] }
            return .array(fields)
        }
        let groups = BusStatusProbe.parseGroups(
            .array([group("a", lag: .integer(4)), group("b", lag: .null), group("c", lag: nil)]))
        #expect(groups.map(\.name) == ["a", "b", "c"])
        #expect(groups.map(\.lag) == [4, nil, nil])
        #expect(groups.allSatisfy { $0.consumers == 2 && $0.pending == 7 && $0.lastDeliveredId == "5-1" })
    }

    @Test func aDeadLetterEntryDecodesAndAForeignEntryIsMarkedUndecodable() {
        let letter = DeadLetter(
            origin: Topics.fills, reason: "data.qty: bad", kind: .malformedNumber,
            at: Timestamp(nanosecondsSinceEpoch: 0), consumer: "pnl", payload: [0xFF])
        let good = BusStatusProbe.letter(
            .array([.bytes(Array("1-0".utf8)), .array([.bytes(Array("e".utf8)), .bytes(letter.encoded())])]))
        #expect(
            good.id == "1-0" && good.origin == Topics.fills && good.kind == "malformed_number"
                && good.undecodable == nil)
        let foreign = BusStatusProbe.letter(
            .array([.bytes(Array("2-0".utf8)), .array([.bytes(Array("e".utf8)), .bytes(Array("{}".utf8))])]))
        #expect(foreign.id == "2-0" && foreign.origin == nil && foreign.undecodable != nil)
        let noField = BusStatusProbe.letter(.array([.bytes(Array("3-0".utf8)), .array([])]))
        #expect(noField.undecodable?.contains("'e'") == true)
    }
}
