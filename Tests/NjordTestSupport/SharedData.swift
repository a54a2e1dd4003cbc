public import Foundation

/// Where the shared real data lives: `NJORD_SHARED_DIR`, or `../shared` beside the repository.
public enum SharedData {
    public static var root: URL {
        if let dir = ProcessInfo.processInfo.environment["NJORD_SHARED_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        // Tests/NjordTestSupport/SharedData.swift → repository root → ../shared
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// The path of a file under `data/`.
    public static func data(_ relativePath: String) -> URL {
        root.appendingPathComponent("data").appendingPathComponent(relativePath)
    }
}
