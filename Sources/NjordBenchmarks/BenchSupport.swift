import Foundation
import NjordCore

#if canImport(Glibc)
    import Glibc
#endif

/// What several benchmark suites share: timing a block and removing their scratch trees.
enum BenchSupport {
    /// Seconds `body` took on the monotonic clock.
    static func seconds(_ clock: SystemClock, _ body: () throws -> Void) rethrows -> Double {
        let start = clock.monotonicNanoseconds()
        try body()
        return Double(clock.monotonicNanoseconds() - start) / 1e9
    }

    /// The process's resident set size now, in bytes (`/proc/self/statm`), 0 where unreadable.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Deletes a file or a directory tree (the suites' scratch data, gigabytes at times).
    static func removeTree(_ path: String) {
        guard let dir = opendir(path) else {
            _ = unlink(path)
            return
        }
        var children: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { children.append("\(path)/\(name)") }
        }
        closedir(dir)
        for child in children { removeTree(child) }
        _ = rmdir(path)
    }
}
