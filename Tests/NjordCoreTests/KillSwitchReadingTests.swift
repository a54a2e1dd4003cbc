import Foundation
import NjordCore
import Testing

struct KillSwitchReadingTests {
    func parse(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func statusJSONOfANeverTrippedSwitchHasNullFields() throws {
        let reading = KillSwitchReading(state: .neverTripped, source: "file:/run/killswitch.json")
        #expect(!reading.statusJSON.contains("\n"))
        let object = try parse(reading.statusJSON)
        #expect(Set(object.keys) == ["tripped", "reason", "by", "at", "source"])
        #expect(object["tripped"] as? Bool == false)
        #expect(object["at"] is NSNull)
        #expect(object["reason"] is NSNull)
        #expect(object["source"] as? String == "file:/run/killswitch.json")
    }

    @Test func statusJSONOfATrippedSwitchCarriesReasonActorAndISOTime() throws {
        let at = Timestamp(millisecondsSinceEpoch: 1_723_161_905_800)
        let reading = KillSwitchReading(
            state: KillSwitchState(tripped: true, reason: "loss \\ \"quoted\"\n", by: "risk", at: at),
            source: "file:/x")
        let object = try parse(reading.statusJSON)
        #expect(object["tripped"] as? Bool == true)
        #expect(object["reason"] as? String == "loss \\ \"quoted\"\n")
        #expect(object["by"] as? String == "risk")
        #expect(object["at"] as? String == "2024-08-09T00:05:05.800Z")
    }
}
