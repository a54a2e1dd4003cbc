import Foundation

/// The `njord` executable that `swift build --build-tests` put next to the test bundle, for tests
/// that run it as a child process; nil when it was not built.
public enum NjordBinary {
    public static func path() -> String? { path(named: "njord") }

    /// Another executable of the package (`njord-risk-engine`, …), found the same way.
    public static func path(named name: String) -> String? {
        let besideBundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent(name).path
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [besideBundle, packageRoot.appendingPathComponent(".build/debug/\(name)").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
