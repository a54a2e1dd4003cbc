import NjordConfig
import NjordCore

#if canImport(Glibc)
    import Glibc
#endif

/// A PM QoS request that idle CPUs wake within a bound, held while the process runs: the kernel
/// honours `/dev/cpu_dma_latency` while the file stays open, and drops the request when the process
/// ends, however it ends (kill -9 included). With a bound of 0 an idle CPU polls instead of
/// halting, so a message arriving at a sleeping daemon does not first wait for its CPU to wake (on
/// a VM, a halted virtual CPU costs tens of microseconds at every hop of tick-to-fill).
final class CPUWakeupLatencyRequest {
    static let device = "/dev/cpu_dma_latency"

    /// Why no request could be held.
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// The device does not open (absent, or no write permission); names the path and errno text.
        case cannotOpen(path: String, reason: String)
        /// The device took fewer than the 4 bytes of the request.
        case notAccepted(path: String, reason: String)

        var description: String {
            switch self {
            case .cannotOpen(let path, let reason): "cannot open \(path): \(reason)"
            case .notAccepted(let path, let reason): "\(path) did not take the request: \(reason)"
            }
        }
    }

    let microseconds: Int32
    private let descriptor: Int32

    /// Opens `path` and writes the bound as the native 32-bit integer the device expects.
    init(microseconds: Int32, path: String = CPUWakeupLatencyRequest.device) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        var value = microseconds
        let written = withUnsafeBytes(of: &value) { write(fd, $0.baseAddress, $0.count) }
        guard written == MemoryLayout<Int32>.size else {
            let reason = written < 0 ? String(cString: strerror(errno)) : "wrote \(written) of 4 bytes"
            close(fd)
            throw .notAccepted(path: path, reason: reason)
        }
        self.microseconds = microseconds
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// The request `latency.cpu_wakeup_us` asks for, held by the caller for its lifetime; nil when
    /// the config asks for none, or when it cannot be held (said once on standard error: the daemon
    /// runs on with the machine's own idle policy, only slower to wake).
    static func hold(_ config: LatencyConfig, service: String, path: String = device) -> CPUWakeupLatencyRequest? {
        guard let bound = config.cpuWakeupMicroseconds else { return nil }
        do {
            let request = try CPUWakeupLatencyRequest(microseconds: Int32(clamping: bound), path: path)
            StandardError.write("\(service): idle CPUs wake within \(bound) µs while it runs (\(path))")
            return request
        } catch {
            StandardError.warn(
                "\(service): latency.cpu_wakeup_us \(bound) not applied, \(error); running with the machine's idle policy"
            )
            return nil
        }
    }
}
