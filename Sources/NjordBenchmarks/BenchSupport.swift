import Foundation
import NjordCore

#if canImport(Glibc)
    import Glibc
#endif

#if canImport(Glibc)
    // `<malloc.h>` is not part of the Glibc module.
    @_silgen_name("malloc_trim")
    private func glibcMallocTrim(_ pad: Int) -> Int32
#endif

/// What several benchmark suites share: timing a block and removing their scratch trees.
enum BenchSupport {
    /// Seconds `body` took on the monotonic clock.
    static func seconds(_ clock: SystemClock, _ body: () throws -> Void) rethrows -> Double {
        let start = clock.monotonicNanoseconds()
        try body()
        return Double(clock.monotonicNanoseconds() - start) / 1e9
    }

    /// Hands the allocator's free memory back to the system (`malloc_trim`), so that a resident-set
    /// growth measured after it counts new memory: without it, memory freed by an earlier suite of
    /// the same run is reused unseen and any growth reads as 0.
    static func releaseFreeMemory() {
        #if canImport(Glibc)
            _ = glibcMallocTrim(0)
        #endif
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
