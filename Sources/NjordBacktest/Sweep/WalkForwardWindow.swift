/// One step of a walk-forward: parameters are chosen on the in-sample (training) span and then
/// run, untouched, on the out-of-sample (test) span that follows it. Times are nanoseconds since
/// the epoch; spans are half-open `[start, end)`.
public struct WalkForwardWindow: Hashable, Sendable {
    public var index: Int
    public var trainStart: Int64
    public var trainEnd: Int64
    public var testStart: Int64 { trainEnd }
    public var testEnd: Int64

    public init(index: Int, trainStart: Int64, trainEnd: Int64, testEnd: Int64) {
        self.index = index
        self.trainStart = trainStart
        self.trainEnd = trainEnd
        self.testEnd = testEnd
    }

    public static let nanosecondsPerDay: Int64 = 86_400_000_000_000

    /// Rolling windows over data from `firstTime` to `lastTime` (the last bar's open time): window k
    /// trains on `[first + k·test, first + k·test + train)` and tests on the `test` days after it,
    /// so the test spans tile the data after the first training span without gaps or overlap. The
    /// last test span is cut at the end of the data; windows whose test span would be empty are
    /// not made.
    public static func rolling(
        firstTime: Int64, lastTime: Int64, trainDays: Int, testDays: Int
    ) throws(SweepError) -> [WalkForwardWindow] {
        guard trainDays > 0 else { throw .invalidWindow("--train-days must be positive, not \(trainDays)") }
        guard testDays > 0 else { throw .invalidWindow("--test-days must be positive, not \(testDays)") }
        let train = Int64(trainDays) * nanosecondsPerDay
        let test = Int64(testDays) * nanosecondsPerDay
        let end = lastTime + 1
        var windows: [WalkForwardWindow] = []
        var start = firstTime
        while start + train < end {
            windows.append(
                WalkForwardWindow(
                    index: windows.count, trainStart: start, trainEnd: start + train,
                    testEnd: min(start + train + test, end)))
            start += test
        }
        guard !windows.isEmpty else {
            throw .noWindows(
                "the data spans less than \(trainDays) training days plus one test bar; shorten --train-days")
        }
        return windows
    }
}
