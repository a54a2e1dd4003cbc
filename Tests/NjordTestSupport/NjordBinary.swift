import Foundation

/// The `njord` executable that `swift build --build-tests` put next to the test bundle, for tests
/// that run it as a child process; nil when it was not built.
public enum NjordBinary {
    public static func path() -> String? {
        let besideBundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("njord").path
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [besideBundle, packageRoot.appendingPathComponent(".build/debug/njord").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
