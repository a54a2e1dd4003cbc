import NjordJournal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Raw record bytes to stdout through a stdio buffer (no String per line); damage to stderr.
/// Own `FILE` on fd 1, because the C `stdout` global is not concurrency-safe in Swift 6.
final class JournalOutput {
    private let out: UnsafeMutablePointer<FILE>? = fdopen(1, "w")

    func writeLine(_ bytes: UnsafeRawBufferPointer) {
        guard let out else { return }
        if let base = bytes.baseAddress { fwrite(base, 1, bytes.count, out) }
        fputc(0x0A, out)
    }

    func report(_ issue: JournalIssue) {
        var text = Array("journal: skipped \(issue)\n".utf8)
        _ = text.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }

    func flush() { if let out { fflush(out) } }
}
