import NjordCore
import Testing

struct SequenceTrackerTests {
    @Test func gapsRestartsAndLateMessagesAreToldApartPerSourceAndTopic() {
        var t = SequenceTracker()
        let steps: [(String, String, UInt64, SequenceTracker.Observation)] = [
            ("a", "x", 5, .first),  // joining late is no gap
            ("a", "x", 6, .inOrder),
            ("a", "y", 1, .first),  // topics are followed apart
            ("b", "x", 1, .first),  // sources are followed apart
            ("a", "x", 10, .gap(missing: 3)),
            ("a", "x", 4, .stale),
            ("a", "x", 1, .restart),
            ("a", "x", 2, .inOrder),
            ("b", "x", 1, .stale),  // a repeated 1 is not a restart
        ]
        for (i, (source, topic, sequence, expected)) in steps.enumerated() {
            let seen = t.observe(source: source, topic: topic, sequence: sequence)
            #expect(seen == expected, "step \(i): \(source) \(topic) \(sequence)")
        }
        #expect(t.streams == 3)
    }
}
