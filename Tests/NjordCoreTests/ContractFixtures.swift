import Foundation
import NjordCore

/// The golden contract fixtures: one canonical event line per type, committed beside the tests.
enum ContractFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("contracts")

    /// The fixture of `type`: its bytes without the trailing newline.
    static func line(_ type: EventType) throws -> [UInt8] {
        let url = directory.appendingPathComponent("\(type.rawValue).json")
        var bytes = [UInt8](try Data(contentsOf: url))
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        return bytes
    }

    static func all() throws -> [(EventType, [UInt8])] {
        try EventType.allCases.map { ($0, try line($0)) }
    }

    /// The top-level envelope keys and their sub-paths: an error that names none of these and no
    /// byte offset does not tell the reader where the problem is.
    static func namesLocation(_ error: ContractError) -> Bool {
        let text = error.description
        if text.hasPrefix("byte ") { return true }
        for key in ["type", "v", "id", "src", "seq", "ts", "rts", "data"] {
            for next in [":", ".", "["] where text.hasPrefix(key + next) { return true }
        }
        return false
    }
}
