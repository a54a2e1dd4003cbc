import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A daemon's pid in `<run dir>/<service>.pid`, written at start and removed at exit, so that
/// `njord strategies reload` knows where to send SIGHUP.
struct PidFile {
    let path: String

    init(runDirectory: String, service: String) {
        path = (runDirectory as NSString).appendingPathComponent("\(service).pid")
    }

    /// Writes this process's pid (atomically, creating the directory).
    func write() throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "\(getpid())\n".write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Removes the file when it still names this process.
    func remove() {
        if read() == getpid() { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The pid in the file; nil when absent or not a number.
    func read() -> pid_t? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
