/// When each captured frame of a replay is due, on a monotonic clock: the capture's receive times,
/// measured from the first frame of the pass, divided by the speed and laid from the pass's origin.
/// Speed 0 means as fast as possible: every frame is due at the origin. Pure arithmetic, so pacing
/// is tested without waiting.
public struct ReplaySchedule: Sendable, Hashable {
    /// Recorded seconds per clock second (`1`: real time); 0: as fast as possible.
    public let speed: Double
    /// Receive time of the first frame of the pass, nanoseconds since the epoch.
    public let firstCaptureNanoseconds: Int64
    /// Monotonic clock reading when the pass started.
    public let originMonotonic: UInt64

    public init(speed: Double, firstCaptureNanoseconds: Int64, originMonotonic: UInt64) {
        self.speed = speed
        self.firstCaptureNanoseconds = firstCaptureNanoseconds
        self.originMonotonic = originMonotonic
    }

    /// The monotonic reading at which a frame received at `captureNanoseconds` is due. Frames
    /// recorded out of order (earlier than the first) are due at the origin.
    public func due(captureNanoseconds: Int64) -> UInt64 {
        guard speed > 0 else { return originMonotonic }
        let offset = max(0, captureNanoseconds &- firstCaptureNanoseconds)
        // Double only scales elapsed time; prices and quantities never pass through it.
        return originMonotonic &+ UInt64((Double(offset) / speed).rounded(.up))
    }
}
