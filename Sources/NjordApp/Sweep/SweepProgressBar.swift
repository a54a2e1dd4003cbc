import Foundation

/// The one-line progress bar of `njord sweep` on stderr, redrawn in place; drawn only when stderr
/// is a terminal (a log or a pipe gets the summary alone).
final class SweepProgressBar {
    let total: Int
    let enabled: Bool
    private var lastLine = ""

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func show(done: Int, running: Int, seconds: Double) {
        guard enabled else { return }
        let width = 30
        let filled = total > 0 ? min(width, done * width / total) : width
        let line =
            "[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] "
            + "\(done)/\(total) done, \(running) running, \(String(format: "%.1f", seconds)) s"
        guard line != lastLine else { return }
        lastLine = line
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
    }

    func finish() {
        guard enabled, !lastLine.isEmpty else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
