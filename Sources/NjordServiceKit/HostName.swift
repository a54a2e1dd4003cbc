#if canImport(Glibc)
    import Glibc
#endif

/// This machine's host name.
public enum HostName {
    public static let current: String = {
        var host = [CChar](repeating: 0, count: 256)
        guard gethostname(&host, host.count - 1) == 0 else { return "unknown-host" }
        return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()
}
